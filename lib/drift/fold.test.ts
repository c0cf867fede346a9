import { describe, expect, it } from "vitest";
import type { FeatureSpec } from "./bins";
import { foldFeatures, histogramsJson, mergeHistograms } from "./fold";

const specs: FeatureSpec[] = [
  { name: "amount", kind: "numeric", bins: [0, 10, 100] },
  { name: "kind", kind: "categorical", categories: ["a", "b"] },
];
const specsOf = (modelId: string, version: string) => (modelId === "m" && version === "1" ? specs : undefined);
const hour = Date.parse("2026-12-01T10:00:00Z");

describe("foldFeatures", () => {
  it("counts each event once per manifest feature, per tenant and hour", () => {
    const rows = foldFeatures(
      [
        { modelId: "m", version: "1", tenant: "acme", atMs: hour + 1, features: { amount: 5, kind: "a" } },
        { modelId: "m", version: "1", tenant: "acme", atMs: hour + 59 * 60_000, features: { amount: 50, kind: "zzz", extra: 1 } },
        { modelId: "m", version: "1", tenant: "acme", atMs: hour + 3_600_000, features: { amount: 500 } },
        { modelId: "m", version: "1", tenant: "globex", atMs: hour, features: { amount: -1, kind: null } },
      ],
      specsOf,
    );
    const t10 = "2026-12-01T10:00:00.000Z";
    const t11 = "2026-12-01T11:00:00.000Z";
    expect(rows.map((r) => [r.tenant, r.hour, r.feature, r.counts])).toEqual([
      ["acme", t10, "amount", [1, 1, 0, 0, 0]],
      ["acme", t10, "kind", [1, 0, 1, 0]],
      ["acme", t11, "amount", [0, 0, 0, 1, 0]],
      // sent features but not this one: missing
      ["acme", t11, "kind", [0, 0, 0, 1]],
      ["globex", t10, "amount", [0, 0, 1, 0, 0]],
      ["globex", t10, "kind", [0, 0, 0, 1]],
    ]);
  });

  it("skips events without features and versions without manifest features", () => {
    expect(
      foldFeatures(
        [
          { modelId: "m", version: "1", tenant: "acme", atMs: hour },
          { modelId: "m", version: "2", tenant: "acme", atMs: hour, features: { amount: 1 } },
        ],
        specsOf,
      ),
    ).toEqual([]);
  });
});

describe("mergeHistograms", () => {
  it("gives what folding all the events at once gives, and leaves its inputs as they were", () => {
    const events = Array.from({ length: 120 }, (_, i) => ({
      modelId: "m",
      version: "1",
      tenant: `t${i % 3}`,
      atMs: hour + (i % 2) * 3_600_000 + i * 1_000,
      features: { amount: (i * 7) % 120, kind: i % 4 === 0 ? "b" : "a" },
    }));
    const parts = [foldFeatures(events.slice(0, 50), specsOf), foldFeatures(events.slice(50), specsOf)];
    const before = JSON.stringify(parts);
    expect(mergeHistograms(parts)).toEqual(foldFeatures(events, specsOf));
    expect(JSON.stringify(parts)).toBe(before);
    expect(JSON.parse(histogramsJson(parts[0]!))[0].counts).toBe(`{${parts[0]![0]!.counts.join(",")}}`);
  });
});
