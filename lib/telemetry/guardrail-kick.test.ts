import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runtimeOnce } from "../runtime";
import { kickGuardrailsSoon, MIN_GAP_MS } from "./guardrail-kick";

describe("kickGuardrailsSoon", () => {
  let kicks = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    kicks = 0;
    runtimeOnce("jobKicks", () => new Map()).set("guardrails", () => kicks++);
  });
  afterEach(() => {
    vi.runOnlyPendingTimers();
    vi.useRealTimers();
  });

  it("wakes the guardrail job at once, then at most once per gap however many batches arrive", () => {
    kickGuardrailsSoon();
    vi.advanceTimersByTime(0);
    expect(kicks).toBe(1);
    for (let i = 0; i < 50; i++) kickGuardrailsSoon();
    vi.advanceTimersByTime(MIN_GAP_MS - 1);
    expect(kicks).toBe(1);
    vi.advanceTimersByTime(1);
    expect(kicks).toBe(2);
    vi.advanceTimersByTime(10 * MIN_GAP_MS);
    expect(kicks).toBe(2);
  });
});
