import { describe, expect, it } from "vitest";
import { scrub, type ScrubRuleInput } from "./scrub";

const hash = (v: unknown) => `H(${JSON.stringify(v)})`;
const rule = (name: string, field: string, action: "drop" | "hash"): ScrubRuleInput => ({ name, field, action });

describe("scrub", () => {
  it("drops a bare key at every depth, inside arrays too", () => {
    const input = { email: "a@x", user: { email: "b@x", name: "B" }, list: [{ email: "c@x", n: 1 }, 2] };
    expect(scrub(input, [rule("drop-email", "email", "drop")], hash)).toEqual({
      value: { user: { name: "B" }, list: [{ n: 1 }, 2] },
      applied: ["drop-email"],
    });
  });

  it("follows a dotted path from the root only, walking arrays element by element", () => {
    const input = { items: [{ sku: "s1", qty: 1 }, { sku: "s2" }], other: { items: [{ sku: "keep" }] } };
    expect(scrub(input, [rule("hash-sku", "items.sku", "hash")], hash).value).toEqual({
      items: [{ sku: 'H("s1")', qty: 1 }, { sku: 'H("s2")' }],
      other: { items: [{ sku: "keep" }] },
    });
  });

  it("hashes whole values (objects, numbers) and applies rules in order", () => {
    const input = { customer_id: 42, card: { number: "4111", exp: "12/30" } };
    const out = scrub(
      input,
      [rule("hash-card", "card", "hash"), rule("hash-customer", "customer_id", "hash"), rule("drop-card", "card", "drop")],
      hash,
    );
    expect(out).toEqual({ value: { customer_id: "H(42)" }, applied: ["hash-card", "hash-customer", "drop-card"] });
  });

  it("leaves the input untouched and names no rule when nothing matches", () => {
    const input = { a: { b: 1 } };
    const frozen = JSON.stringify(input);
    const out = scrub(input, [rule("drop-email", "email", "drop"), rule("drop-a-c", "a.c", "drop")], hash);
    expect(out.value).toBe(input);
    expect(out.applied).toEqual([]);
    const changed = scrub(input, [rule("drop-a-b", "a.b", "drop")], hash);
    expect(changed.value).toEqual({ a: {} });
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it("passes scalars and null through", () => {
    expect(scrub("text", [rule("drop-email", "email", "drop")], hash)).toEqual({ value: "text", applied: [] });
    expect(scrub(null, [rule("drop-email", "email", "drop")], hash)).toEqual({ value: null, applied: [] });
  });
});
