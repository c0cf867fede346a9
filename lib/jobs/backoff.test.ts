import { describe, expect, it } from "vitest";
import { backoffDelay, JITTER } from "./backoff";

const backoff = { initialMs: 100, maxMs: 400 };

describe("backoffDelay", () => {
  it("doubles from the initial wait up to the cap", () => {
    const waits = [1, 2, 3, 4, 5].map((n) => backoffDelay(n, backoff, () => 0));
    expect(waits).toEqual([100, 200, 400, 400, 400]);
  });

  it("stays at the cap however many failures, without overflowing", () => {
    expect(backoffDelay(10_000, { initialMs: 2_000, maxMs: 60_000 }, () => 0)).toBe(60_000);
  });

  it("jitter only shortens the wait, by at most its share", () => {
    expect(backoffDelay(1, backoff, () => 0.5)).toBe(100 * (1 - JITTER / 2));
    for (let i = 0; i < 100; i++) {
      const w = backoffDelay(3, backoff);
      expect(w).toBeGreaterThanOrEqual(400 * (1 - JITTER));
      expect(w).toBeLessThanOrEqual(400);
    }
  });
});
