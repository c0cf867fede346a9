import { describe, expect, it } from "vitest";
import { bucketIndex, LATENCY_RELATIVE_ERROR, percentile } from "./histogram";
import { foldEvents, mergeFolds, rowsJson, type FoldInput } from "./rollup";
import { autoStepSeconds, grainForRange, grainForStep, parseStep, sourceFor } from "./tiers";

const T0 = Date.UTC(2026, 0, 15, 10, 59, 30); // 30 s before an hour boundary

function ev(overrides: Partial<FoldInput> = {}): FoldInput {
  return {
    modelId: "m1",
    version: "v1",
    tenant: "acme",
    atMs: T0,
    latencyMs: 40,
    error: false,
    correct: null,
    tokensIn: 0,
    tokensOut: 0,
    ...overrides,
  };
}

describe("foldEvents", () => {
  it("folds a batch into minute rows per tenant and the coarser tiers, every column a sum", () => {
    const { minutes, rollups } = foldEvents([
      ev({ latencyMs: 10, score: 0.2, cost: 0.5, tokensIn: 100, tokensOut: 7, flags: ["refusal", "refusal"] }),
      ev({ latencyMs: 30, error: true, errorClass: "timeout", score: 0.6, correct: true }),
      ev({ latencyMs: 50, error: true, correct: false, flags: ["policy_violation"] }),
      ev({ tenant: "globex", atMs: T0 + 45_000, latencyMs: 1_000 }), // next minute, next hour
    ]);
    expect(minutes.map((m) => [m.tenant, m.minute, m.count])).toEqual([
      ["acme", "2026-01-15T10:59:00.000Z", 3],
      ["globex", "2026-01-15T11:00:00.000Z", 1],
    ]);
    const acme = minutes[0]!;
    expect(acme).toMatchObject({
      errorCount: 2,
      errTimeout: 1,
      errSchema: 0,
      latencySum: 90,
      scoreCount: 2,
      scoreSum: 0.8,
      labelCount: 2,
      correctCount: 1,
      costCount: 1,
      costSum: 0.5,
      tokensIn: 100,
      tokensOut: 7,
      flags: { refusal: 1, policy_violation: 1 },
    });
    expect(acme.scoreSumSq).toBeCloseTo(0.4, 12);
    expect(acme.latencyHist.reduce((a, b) => a + b, 0)).toBe(3);
    expect(acme.latencyHist[bucketIndex(30)]).toBe(1);
    expect(acme.latencyHist.length).toBe(bucketIndex(50) + 1); // trailing zeros trimmed
    expect(acme.scoreHist).toEqual([...new Array(20).fill(0), 1, ...new Array(39).fill(0), 1]);

    const key = (r: (typeof rollups)[number]) => `${r.grain}/${r.tenant}/${r.bucket}=${r.count}`;
    expect(rollups.map(key)).toEqual([
      "day/*/2026-01-15T00:00:00.000Z=4",
      "day/acme/2026-01-15T00:00:00.000Z=3",
      "day/globex/2026-01-15T00:00:00.000Z=1",
      "hour/*/2026-01-15T10:00:00.000Z=3",
      "hour/*/2026-01-15T11:00:00.000Z=1",
      "hour/acme/2026-01-15T10:00:00.000Z=3",
      "hour/globex/2026-01-15T11:00:00.000Z=1",
      "minute/*/2026-01-15T10:59:00.000Z=3",
      "minute/*/2026-01-15T11:00:00.000Z=1",
    ]);
    const dayAll = rollups[0]!;
    expect(dayAll).toMatchObject({ errorCount: 2, flags: { refusal: 1, policy_violation: 1 }, latencySum: 1_090 });
    expect(Math.abs(percentile(dayAll.latencyHist, 1)! - 1_000) / 1_000).toBeLessThanOrEqual(LATENCY_RELATIVE_ERROR);
  });

  it("keeps versions and models apart and sorts rows by key (the lock order)", () => {
    const { minutes } = foldEvents([ev({ modelId: "m2" }), ev({ version: "v2" }), ev({ tenant: "a" }), ev()]);
    expect(minutes.map((m) => `${m.modelId}/${m.version}/${m.tenant}`)).toEqual(["m1/v1/a", "m1/v1/acme", "m1/v2/acme", "m2/v1/acme"]);
  });

  it("folds nothing into nothing", () => {
    expect(foldEvents([])).toEqual({ minutes: [], rollups: [] });
  });
});

describe("tiers", () => {
  it("chooses a step from the range and the grain from the step", () => {
    expect(autoStepSeconds(3_600_000)).toBe(60);
    expect(autoStepSeconds(6 * 3_600_000)).toBe(300);
    expect(autoStepSeconds(24 * 3_600_000)).toBe(900);
    expect(autoStepSeconds(7 * 86_400_000)).toBe(3_600);
    expect(autoStepSeconds(30 * 86_400_000)).toBe(21_600);
    expect(autoStepSeconds(90 * 86_400_000)).toBe(86_400);
    expect(grainForStep(900)).toBe("minute");
    expect(grainForStep(21_600)).toBe("hour");
    expect(grainForStep(86_400 * 2)).toBe("day");
    expect(grainForRange(3_600_000)).toBe("minute");
    expect(grainForRange(86_400_000)).toBe("hour");
    expect(grainForRange(30 * 86_400_000)).toBe("day");
    expect(sourceFor("minute", "acme")).toEqual({ table: "MetricMinute", tenant: "acme" });
    expect(sourceFor("minute", undefined)).toEqual({ table: "MetricRollup", grain: "minute", tenant: "*" });
    expect(sourceFor("hour", "acme")).toEqual({ table: "MetricRollup", grain: "hour", tenant: "acme" });
  });

  it("parses steps as seconds or durations", () => {
    expect(parseStep("900")).toBe(900);
    expect(parseStep("15m")).toBe(900);
    expect(parseStep("6h")).toBe(21_600);
    expect(parseStep("1d")).toBe(86_400);
    expect(parseStep("1w")).toBeNull();
    expect(parseStep("-5")).toBeNull();
  });
});

describe("mergeFolds", () => {
  it("gives what folding all the events at once gives, and leaves its inputs as they were", () => {
    const events = Array.from({ length: 300 }, (_, i) =>
      ev({
        tenant: `t${i % 7}`,
        version: i % 3 ? "v1" : "v2",
        atMs: T0 + (i % 90) * 1_000,
        latencyMs: 5 + ((i * 37) % 400),
        error: i % 11 === 0,
        errorClass: i % 11 === 0 ? "model" : undefined,
        // binary fractions: sums in any order are exact
        score: (i % 8) / 8,
        cost: i % 4 === 0 ? 0.25 : undefined,
        flags: i % 25 === 0 ? ["refusal"] : undefined,
        correct: i % 5 === 0 ? i % 2 === 0 : null,
      }),
    );
    const parts = [foldEvents(events.slice(0, 100)), foldEvents(events.slice(100, 130)), foldEvents(events.slice(130))];
    const before = JSON.stringify(parts);
    expect(mergeFolds(parts)).toEqual(foldEvents(events));
    expect(JSON.stringify(parts)).toBe(before);
  });
});

describe("rowsJson", () => {
  it("sends the histograms as PostgreSQL array text", () => {
    const { minutes } = foldEvents([ev({ latencyMs: 1, score: 0 }), ev({ latencyMs: 1, score: 0 })]);
    const [row] = JSON.parse(rowsJson(minutes)) as { latencyHist: string; scoreHist: string; count: number }[];
    expect(row).toMatchObject({ count: 2, latencyHist: `{${minutes[0]!.latencyHist.join(",")}}`, scoreHist: "{2}" });
  });
});
