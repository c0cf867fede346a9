import { describe, expect, it } from "vitest";
import type { MetricsApiBody, MetricsApiPoint } from "./api";
import { CANDIDATE_COLOUR, STABLE_COLOUR } from "./version-colours";
import {
  chartCaption,
  formatStep,
  formatValue,
  isIsolated,
  orderVersions,
  prepareErrorClassChart,
  prepareFlagChart,
  prepareShareChart,
  prepareVersionChart,
} from "./chart-data";

const FROM = Date.parse("2026-01-15T09:00:00Z");
const STEP = 60;
const at = (i: number) => new Date(FROM + i * STEP * 1000).toISOString();

function point(version: string, i: number, over: Partial<MetricsApiPoint> = {}): MetricsApiPoint {
  return {
    version,
    t: at(i),
    count: 100,
    errors: 2,
    error_rate: 0.02,
    errors_by_class: { schema: 0, timeout: 2, upstream: 0, model: 0, other: 0 },
    p50: 40,
    p95: 120,
    p99: 200,
    latency_mean: 50,
    quality: 0.8,
    quality_count: 100,
    accuracy: null,
    labeled: 0,
    cost: 0.5,
    cost_per_1k: 5,
    tokens_in: 0,
    tokens_out: 0,
    flags: {},
    share: 1,
    ...over,
  };
}

function gap(version: string, i: number): MetricsApiPoint {
  const nulls = Object.fromEntries(Object.keys(point(version, i)).map((k) => [k, null]));
  return { ...(nulls as unknown as MetricsApiPoint), version, t: at(i) };
}

function body(series: MetricsApiPoint[], n = 4): MetricsApiBody {
  const versions = [...new Set(series.map((p) => p.version))];
  return {
    model: "m",
    version: null,
    tenant: null,
    from: at(0),
    to: at(n),
    step: STEP,
    grain: "minute",
    sample: series.reduce((s, p) => s + (p.count ?? 0), 0),
    versions: versions.map((v) => ({
      version: v,
      sample: series.filter((p) => p.version === v).reduce((s, p) => s + (p.count ?? 0), 0),
      total: point(v, 0),
    })),
    series,
  };
}

describe("orderVersions", () => {
  it("puts stable first, the candidate second, then the rest by version id", () => {
    expect(
      orderVersions(["2026-03-01.1", "2026-01-01.1", "2026-02-01.1", "2025-12-01.1"], {
        stable: "2026-02-01.1",
        candidate: "2026-03-01.1",
      }),
    ).toEqual(["2026-02-01.1", "2026-03-01.1", "2025-12-01.1", "2026-01-01.1"]);
  });
  it("sorts by id without roles and drops repeats", () => {
    expect(orderVersions(["b", "a", "b"])).toEqual(["a", "b"]);
  });
});

describe("prepareVersionChart", () => {
  it("keeps a bucket without data as null (a gap), not 0, and counts real points", () => {
    const b = body([point("v1", 0), gap("v1", 1), point("v1", 2, { p95: 300 }), gap("v1", 3)]);
    const c = prepareVersionChart(b, "p95", { order: ["v1"], roles: {} });
    expect(c.rows.map((r) => r.v1)).toEqual([120, null, 300, null]);
    expect(c.rows.map((r) => r.t)).toEqual([0, 1, 2, 3].map((i) => Date.parse(at(i))));
    expect(c.series).toMatchObject([{ key: "v1", label: "v1", points: 2 }]);
    expect(c.unit).toBe("ms");
    expect(c.empty).toBe(false);
  });

  it("is empty when every bucket is a gap, so the chart says no data instead of a line at 0", () => {
    const b = body([gap("v1", 0), gap("v1", 1), gap("v1", 2), gap("v1", 3)]);
    const c = prepareVersionChart(b, "error_rate", { order: ["v1"], roles: {} });
    expect(c.empty).toBe(true);
    expect(c.rows.every((r) => r.v1 === null)).toBe(true);
  });

  it("keeps a real zero error rate as 0", () => {
    const b = body([point("v1", 0, { errors: 0, error_rate: 0 })], 1);
    expect(prepareVersionChart(b, "error_rate", { order: ["v1"], roles: {} }).rows[0]!.v1).toBe(0);
  });

  it("draws versions in the given order and only those asked for", () => {
    const b = body([point("a", 0), point("b", 0), point("c", 0)], 1);
    const c = prepareVersionChart(b, "quality", { order: ["c", "a", "b"], roles: {}, only: ["a", "c"] });
    expect(c.series.map((s) => s.key)).toEqual(["c", "a"]);
  });

  it("labels stable and candidate and gives them their role colours (version-colours.ts)", () => {
    const b = body([point("s", 0), point("c", 0)], 1);
    const c = prepareVersionChart(b, "p95", { order: ["s", "c"], roles: { stable: "s", candidate: "c" } });
    expect(c.series.map((x) => [x.label, x.color])).toEqual([
      ["s (stable)", STABLE_COLOUR],
      ["c (candidate)", CANDIDATE_COLOUR],
    ]);
    expect(c.stepMs).toBe(STEP * 1000);
  });

  it("treats token sums of 0 as not reported", () => {
    const b = body([point("v1", 0), point("v1", 1, { tokens_in: 300, tokens_out: 50 })], 2);
    expect(prepareVersionChart(b, "tokens", { order: ["v1"], roles: {} }).rows.map((r) => r.v1)).toEqual([null, 350]);
  });
});

describe("prepareErrorClassChart", () => {
  it("draws one line per class that failed, as a rate of requests, with gaps where there was no traffic", () => {
    const b = body(
      [
        point("v1", 0, { errors_by_class: { schema: 1, timeout: 4, upstream: 0, model: 0, other: 0 } }),
        gap("v1", 1),
        point("v1", 2, { errors_by_class: { schema: 0, timeout: 0, upstream: 0, model: 0, other: 0 } }),
      ],
      3,
    );
    const c = prepareErrorClassChart(b, "v1");
    expect(c.series.map((s) => s.key)).toEqual(["timeout", "schema"]);
    expect(c.rows.map((r) => r.timeout)).toEqual([0.04, null, 0]);
    expect(c.rows.map((r) => r.schema)).toEqual([0.01, null, 0]);
  });
  it("shows a real 0 'all classes' line when the version served without errors", () => {
    const b = body(
      [point("v1", 0, { errors: 0, error_rate: 0, errors_by_class: { schema: 0, timeout: 0, upstream: 0, model: 0, other: 0 } })],
      1,
    );
    const c = prepareErrorClassChart(b, "v1");
    expect(c.series.map((s) => s.key)).toEqual(["all"]);
    expect(c.rows[0]!.all).toBe(0);
    expect(c.empty).toBe(false);
  });
});

describe("prepareFlagChart", () => {
  it("draws each flag seen; a bucket with traffic but no flag is 0, one without traffic null", () => {
    const b = body([point("v1", 0, { flags: { refusal: 0.05 } }), point("v1", 1, { flags: {} }), gap("v1", 2)], 3);
    const c = prepareFlagChart(b, "v1");
    expect(c.series.map((s) => s.key)).toEqual(["refusal"]);
    expect(c.rows.map((r) => r.refusal)).toEqual([0.05, 0, null]);
  });
  it("has no series when no flag was reported", () => {
    expect(prepareFlagChart(body([point("v1", 0)], 1), "v1")).toMatchObject({ series: [], empty: true });
  });
});

describe("prepareShareChart", () => {
  it("splits each bucket by requests; a version without requests in a busy bucket is 0, an idle bucket null", () => {
    const b = body(
      [point("a", 0, { count: 75 }), point("b", 0, { count: 25 }), gap("a", 1), gap("b", 1), point("a", 2, { count: 10 }), gap("b", 2)],
      3,
    );
    const c = prepareShareChart(b, { order: ["a", "b"], roles: {} });
    expect(c.rows.map((r) => [r.a, r.b])).toEqual([
      [0.75, 0.25],
      [null, null],
      [1, 0],
    ]);
  });
});

describe("isIsolated", () => {
  it("finds a point with gaps on both sides", () => {
    const rows = [
      { t: 0, v: null },
      { t: 1, v: 3 },
      { t: 2, v: null },
      { t: 3, v: 4 },
      { t: 4, v: 5 },
    ];
    expect([0, 1, 2, 3, 4].map((i) => isIsolated(rows, "v", i))).toEqual([false, true, false, false, false]);
  });
});

describe("text", () => {
  it("formats units and says no data for null", () => {
    expect(formatValue("ms", 123.4)).toBe("123 ms");
    expect(formatValue("ms", 1520)).toBe("1.52 s");
    expect(formatValue("fraction", 0.0125)).toBe("1.25 %");
    expect(formatValue("fraction", 0)).toBe("0 %");
    expect(formatValue("usd_per_1k", 4.5)).toBe("$4.5");
    expect(formatValue("requests", 12_345)).toBe("12.3k");
    expect(formatValue("score", null)).toBe("no data");
  });
  it("names steps as people do", () => {
    expect([60, 900, 3600, 21_600, 86_400].map(formatStep)).toEqual(["1 min", "15 min", "1 h", "6 h", "1 d"]);
  });
  it("captions range, step and sample", () => {
    expect(chartCaption({ from: "2026-01-15T09:00:00.000Z", to: "2026-01-15T10:00:00.000Z", step: 60 }, 1234)).toBe(
      "2026-01-15 09:00 – 2026-01-15 10:00 UTC · step 1 min · 1,234 requests",
    );
  });
});
