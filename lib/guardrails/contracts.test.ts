import { describe, expect, it } from "vitest";
import { checkedParse } from "../input/validate";
import { listGuardrailDecisionsRoute } from "./contracts";

describe("the decision list's query", () => {
  const limitOf = (query: Record<string, string>) => {
    const parsed = checkedParse(listGuardrailDecisionsRoute.query, query);
    if (!parsed.ok) throw new Error(`refused: ${JSON.stringify(parsed.issues)}`);
    return parsed.data.limit;
  };

  it("never refuses a limit: what is not a finite number means 20 (listDecisions clamps the rest to 1..200)", () => {
    expect(limitOf({})).toBe(20);
    expect(limitOf({ limit: "abc" })).toBe(20);
    expect(limitOf({ limit: "Infinity" })).toBe(20);
    expect(limitOf({ limit: "5" })).toBe(5);
    expect(limitOf({ limit: "1e2" })).toBe(100);
    expect(limitOf({ limit: "" })).toBe(0);
    expect(limitOf({ limit: "9999", other: "x" })).toBe(9999);
  });
});
