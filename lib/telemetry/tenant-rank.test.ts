import { describe, expect, it } from "vitest";
import { compareSignals, rankTenantRows, type RankContext, type Signals } from "./tenant-rank";

const STABLE = "v1";
const CANDIDATE = "v2";
const tolerances = { maxP95Factor: 1.2, maxErrorIncrease: 0.005 };

const row = (tenant: string, version: string, over: Partial<Signals> = {}) => ({
  tenant,
  version,
  requests: 1000,
  error_rate: 0.01,
  p95: 1000,
  quality: 0.8,
  ...over,
});

const canary = (baselines: RankContext["baselines"] = {}): RankContext => ({
  candidate: CANDIDATE,
  stable: STABLE,
  minSample: 200,
  tolerances,
  baselines,
});

describe("compareSignals", () => {
  it("measures each signal in multiples of its tolerance and names the worst", () => {
    const base = { requests: 1000, error_rate: 0.01, p95: 1000, quality: 0.8 };
    expect(compareSignals({ ...base, p95: 1350 }, base, tolerances)).toMatchObject({ signal: "p95", text: "p95 +35 %" });
    expect(compareSignals({ ...base, p95: 1350 }, base, tolerances)?.score).toBeCloseTo(1.75);
    // over 100k requests each, +1 point is nearly all vouched for: close to 2 tolerances
    const big = { ...base, requests: 100_000 };
    const errors = compareSignals({ ...big, error_rate: 0.02 }, big, tolerances);
    expect(errors).toMatchObject({ signal: "error_rate", text: "error rate +1.0 pt" });
    expect(errors?.score).toBeGreaterThan(1.8);
    expect(errors?.score).toBeLessThan(2);
    expect(compareSignals({ ...base, quality: 0.7 }, base, tolerances)).toMatchObject({ signal: "quality", text: "quality −0.100" });
  });

  it("counts an error-rate rise only as far as the samples vouch for it", () => {
    // 4 failures in 524 requests against 0.56 % of 6,000: within the noise of 524 requests
    const stable = { requests: 6000, error_rate: 0.0056, p95: 1000, quality: 0.8 };
    const noisy = compareSignals({ requests: 524, error_rate: 4 / 524, p95: 1000, quality: 0.8 }, stable, tolerances);
    expect(noisy?.score).toBeLessThan(0.05);
    // the same rates over 60,000 requests are a finding
    const real = compareSignals(
      { requests: 60_000, error_rate: 4 / 524, p95: 1000, quality: 0.8 },
      { ...stable, requests: 600_000 },
      tolerances,
    );
    expect(real).toMatchObject({ signal: "error_rate" });
    expect(real?.score).toBeGreaterThan(0.2);
  });
});

describe("rankTenantRows during a canary", () => {
  it("puts the tenant whose candidate is furthest behind its own stable first, with the reason", () => {
    // acme fails more overall, but its candidate is no worse than its own stable
    const rows = [
      row("acme", STABLE, { error_rate: 0.04 }),
      row("acme", CANDIDATE, { error_rate: 0.04 }),
      row("initech", STABLE, { p95: 1000 }),
      row("initech", CANDIDATE, { p95: 1350 }),
      row("globex", STABLE),
      row("globex", CANDIDATE, { p95: 1050 }),
    ];
    const ranked = rankTenantRows(rows, canary());
    expect(ranked.map((r) => `${r.tenant}/${r.version}`)).toEqual([
      "initech/v2",
      "initech/v1",
      "globex/v2",
      "globex/v1",
      "acme/v2",
      "acme/v1",
    ]);
    expect(ranked[0]!.rank).toMatchObject({ reason: "p95 +35 % vs stable", against: "stable", tooFew: false });
    expect(ranked[1]!.rank).toMatchObject({ isBase: true, score: null, reason: "the base: this tenant's stable" });
    expect(ranked[4]!.rank).toMatchObject({ score: 0, reason: "no worse than stable" });
  });

  it("does not let a tenant with a handful of requests outrank real ones, and says why", () => {
    const rows = [
      row("tiny", STABLE, { requests: 12 }),
      row("tiny", CANDIDATE, { requests: 12, error_rate: 1 }),
      row("real", STABLE),
      row("real", CANDIDATE, { p95: 1100 }),
    ];
    const ranked = rankTenantRows(rows, canary({ [STABLE]: { requests: 1012, error_rate: 0.01, p95: 1000, quality: 0.8 } }));
    expect(ranked.map((r) => r.tenant)).toEqual(["real", "real", "tiny", "tiny"]);
    expect(ranked[2]!.rank).toMatchObject({ score: null, tooFew: true, reason: "too few requests (12 < 200)" });
  });

  it("compares with stable over all tenants when the tenant's own stable row is too small", () => {
    const rows = [row("pinned-ish", STABLE, { requests: 30 }), row("pinned-ish", CANDIDATE, { error_rate: 0.03 })];
    const ranked = rankTenantRows(rows, canary({ [STABLE]: { requests: 5000, error_rate: 0.01, p95: 1000, quality: 0.8 } }));
    expect(ranked[0]!.rank).toMatchObject({ against: "stable_all_tenants", reason: "error rate +2.0 pt vs stable (all tenants)" });
  });
});

describe("rankTenantRows without a canary", () => {
  const ctx: RankContext = {
    candidate: null,
    stable: STABLE,
    minSample: 200,
    tolerances,
    baselines: { [STABLE]: { requests: 3000, error_rate: 0.01, p95: 1000, quality: 0.8 } },
  };

  it("ranks each tenant by its worst signal against all tenants together; too-few rows last, busiest first", () => {
    const rows = [
      row("calm", STABLE),
      row("small", STABLE, { requests: 40, error_rate: 0.5 }),
      row("smaller", STABLE, { requests: 5, error_rate: 0.5 }),
      row("errors", STABLE, { error_rate: 0.03 }),
      row("slow", STABLE, { p95: 1100 }),
    ];
    const ranked = rankTenantRows(rows, ctx);
    expect(ranked.map((r) => r.tenant)).toEqual(["errors", "slow", "calm", "small", "smaller"]);
    expect(ranked[0]!.rank.reason).toBe("error rate +2.0 pt vs all tenants");
    expect(ranked[1]!.rank.reason).toBe("p95 +10 % vs all tenants");
    expect(ranked[3]!.rank.reason).toBe("too few requests (40 < 200)");
    // a rounding-sized difference is not named as if it were a finding
    expect(rankTenantRows([row("same", STABLE, { p95: 1002 })], ctx)[0]!.rank.reason).toBe("no worse than all tenants");
  });
});
