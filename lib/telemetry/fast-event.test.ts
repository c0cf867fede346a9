import { describe, expect, it } from "vitest";
import { fastEvent } from "./fast-event";
import { telemetryEventSchema, validateEvent } from "./schemas";

const base = {
  request_id: "req-1",
  model: "fraud-scoring",
  version: "2026-01-15.1",
  tenant: "acme",
  ts: "2026-12-03T10:00:00.123Z",
  latency_ms: 42.5,
  outcome: "ok",
};

const full = {
  ...base,
  outcome: "error",
  error_class: "timeout",
  score: 0.93,
  cost: 0.0004,
  label: "fraud",
  prediction: { label: "fraud", score: 0.93, extra: [1, 2] },
  tokens: { input: 120, output: 30 },
  flags: ["refusal", "policy_violation"],
  features: { amount_eur: 12.5, merchant_category: "travel", first_seen: true, note: null },
  unknown_field: "ignored",
};

const long = (n: number) => "x".repeat(n);

// Values to put in each field, valid and not: types, empties, limits and one past them.
const variants: Record<string, unknown[]> = {
  request_id: [undefined, null, "", "a", long(200), long(201), 12, ["a"], { a: 1 }],
  model: [undefined, "", long(100), long(101), 1, true],
  version: [undefined, "", long(100), long(101), 2.5],
  tenant: [undefined, "*", "**", "", long(200), long(201), 0],
  ts: [
    undefined,
    null,
    0,
    -1,
    1.5,
    1_765_000_000_000,
    Number.MAX_SAFE_INTEGER + 1,
    "2026-12-03T10:00:00Z",
    "2026-12-03T10:00:00.123456789Z",
    "2026-12-03T10:00:00+01:00",
    "2026-12-03T10:00:00-14:00",
    "2026-12-03T10:00:00+24:00",
    "2026-12-03T10:00:00",
    "2026-12-03T10:00Z",
    "2026-12-03 10:00:00Z",
    "2026-12-03T10:00:00z",
    "2026-02-29T00:00:00Z",
    "2024-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-12-03T24:00:00Z",
    "2026-12-03",
    "yesterday",
    "",
  ],
  latency_ms: [undefined, 0, -0, -1, 0.001, 1e9, Number.NaN, Number.POSITIVE_INFINITY, "42", null],
  outcome: [undefined, "ok", "error", "OK", "", null, 1],
  error_class: [undefined, "schema", "timeout", "upstream", "model", "other", "", null, 3],
  score: [undefined, 0, 1, -3, 7.5, Number.NaN, Number.NEGATIVE_INFINITY, "0.5", null],
  cost: [undefined, 0, 0.5, -0.01, Number.NaN, "1", null],
  label: [undefined, "", long(256), long(257), 0, 1.5, true, false, null, ["a"], { a: 1 }, Number.NaN],
  prediction: [undefined, null, 0, "x", [1, 2], { nested: { deep: true } }],
  tokens: [
    undefined,
    null,
    {},
    { input: 1 },
    { input: 1, output: 2 },
    { input: 1, output: 2, cached: 3 },
    { input: -1, output: 2 },
    { input: 1.5, output: 2 },
    { input: 1e9, output: 1e9 + 1 },
    { input: "1", output: 2 },
    [1, 2],
  ],
  flags: [
    undefined,
    null,
    [],
    ["refusal"],
    ["refusal", "refusal"],
    ["Refusal"],
    ["1abc"],
    [`a${long(63)}`],
    [`a${long(64)}`],
    Array.from({ length: 16 }, (_, i) => `f${i}`),
    Array.from({ length: 17 }, (_, i) => `f${i}`),
    [1],
    "refusal",
  ],
  features: [
    undefined,
    null,
    {},
    { a: 1 },
    { a: "x", b: false, c: null },
    { [long(100)]: 1 },
    { [long(101)]: 1 },
    { a: long(200) },
    { a: long(201) },
    { a: [1] },
    { a: { b: 1 } },
    { a: Number.NaN },
    JSON.parse('{"__proto__": 1}') as unknown,
    [1, 2],
    "features",
  ],
};

function cases(): unknown[] {
  const out: unknown[] = [base, full, null, undefined, "event", 42, [], [base], Object.create({ inherited: true }) as unknown];
  for (const start of [base, full]) {
    for (const [field, values] of Object.entries(variants)) {
      for (const v of values) {
        const e: Record<string, unknown> = { ...start };
        if (v === undefined) delete e[field];
        else e[field] = v;
        out.push(e);
      }
    }
  }
  return out;
}

describe("fastEvent", () => {
  const all = cases();

  it("never accepts what the schema refuses, and builds the schema's very output", () => {
    let agreedAccepts = 0;
    const leftToZod: unknown[] = [];
    for (const raw of all) {
      const fast = fastEvent(raw);
      const zod = telemetryEventSchema.safeParse(raw);
      if (fast === null) {
        if (zod.success) leftToZod.push(raw);
        continue;
      }
      expect(zod.success, JSON.stringify(raw)).toBe(true);
      expect(fast, JSON.stringify(raw)).toStrictEqual(zod.data);
      agreedAccepts++;
    }
    // the fast path must carry what zod accepts, or it is dead weight
    expect(agreedAccepts).toBeGreaterThan(100);
    // only the deliberate exception: a "__proto__" feature name
    const protoFeature = (e: unknown) => Object.hasOwn((e as { features?: object }).features ?? {}, "__proto__");
    expect(leftToZod.filter((e) => !protoFeature(e))).toEqual([]);
  });

  it("takes the ordinary events an inference service sends", () => {
    expect(fastEvent(base)).not.toBeNull();
    expect(fastEvent(full)).not.toBeNull();
    expect(fastEvent({ ...base, ts: 1_765_000_000_000, features: { amount_eur: 3, merchant_category: "fuel" } })).not.toBeNull();
  });

  it("leaves the verdict on anything doubtful to zod, whose messages reach the client", () => {
    const r = validateEvent({ ...base, tenant: "*", latency_ms: -1 }, { now: Date.parse(base.ts), retentionDays: 30 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.path).sort()).toEqual(["latency_ms", "tenant"]);
    }
  });

  it("does not share the caller's arrays", () => {
    const raw = { ...base, flags: ["refusal"] };
    const e = fastEvent(raw);
    raw.flags.push("later");
    expect(e?.flags).toEqual(["refusal"]);
  });
});
