// Drift against a real database: features folded into hourly histograms by the ingest
// (duplicates counted once), the heatmap with a drifted tenant first, and the drift watch
// emitting drift.detected once per episode. Every test makes its own model.
import { describe, expect, it } from "vitest";
import { GET as getDriftCell } from "../../app/api/v1/models/[model]/drift/cell/route";
import { GET as getDrift } from "../../app/api/v1/models/[model]/drift/route";
import { systemActor, type Actor } from "../../lib/auth/actor";
import { driftCellDetail, driftHeatmap } from "../../lib/drift/queries";
import { evaluateModelDrift } from "../../lib/drift/watch";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { ingestBatch } from "../../lib/telemetry/ingest";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";
import { signInAs } from "./support/session";

const V1 = "2026-01-15.1";
const ci: Actor = systemActor("drift test");
const HOUR = 3_600_000;

async function newModel(opts: { withoutBaselines?: boolean } = {}): Promise<{ key: string; id: string }> {
  const key = uniqueModelKey("it-drift");
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = V1;
  delete m.parent_version;
  if (opts.withoutBaselines) for (const f of m.features ?? []) delete f.baseline;
  const res = await registerVersion(testDb(), ci, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
  expect(res.status).toBe(201);
  const model = await testDb().model.findUniqueOrThrow({ where: { key } });
  return { key, id: model.id };
}

// fraudScoringManifest's training baselines
const AMOUNT = { values: [5, 30, 120, 600, 5000], weights: [182340, 240115, 131872, 40211, 5390] };
const MERCHANT = { values: ["grocery", "travel", "electronics", "gambling", "pharmacy"], weights: [310554, 92113, 71640, 8420, 117201] };

/** `n` values spread over `values` in exact proportion to `weights`. */
function spread<T>(n: number, d: { values: T[]; weights: number[] }): T[] {
  const sum = d.weights.reduce((a, b) => a + b, 0);
  const out: T[] = [];
  d.values.forEach((v, i) => {
    const k = Math.round((n * (d.weights[i] as number)) / sum);
    for (let j = 0; j < k; j++) out.push(v);
  });
  while (out.length < n) out.push(d.values[0] as T);
  return out.slice(0, n);
}

function events(key: string, tenant: string, n: number, opts: { drifted: boolean; at: number; score?: number }) {
  const amounts = opts.drifted ? spread(n, { values: [120, 600, 5000], weights: [1, 5, 4] }) : spread(n, AMOUNT);
  const merchants = opts.drifted ? spread(n, { values: ["electronics", "gambling", "crypto"], weights: [4, 3, 3] }) : spread(n, MERCHANT);
  return amounts.map((amount, i) => ({
    request_id: uniqueId(`${tenant}-${i}`),
    model: key,
    version: V1,
    tenant,
    ts: new Date(opts.at - (i % 50) * 1000).toISOString(),
    latency_ms: 20,
    outcome: "ok",
    score: opts.score ?? 0.3,
    features: { amount_eur: amount, merchant_category: merchants[i], card_present: i % 2 === 0 },
  }));
}

async function histogramTotal(modelId: string, feature: string): Promise<number> {
  const rows = await testDb().featureHistogram.findMany({ where: { modelId, feature }, select: { counts: true } });
  return rows.reduce((a, r) => a + r.counts.reduce((x, y) => x + y, 0), 0);
}

describe("feature histograms", () => {
  it("count each accepted event once per feature, on the manifest's bins, and skip duplicates", async () => {
    const { key, id } = await newModel();
    const now = Date.now();
    const batch = events(key, "acme", 300, { drifted: false, at: now - 60_000 });
    const first = await ingestBatch(testDatabase(), ci, { events: batch }, { now });
    expect(first.accepted).toBe(300);
    expect(await histogramTotal(id, "amount_eur")).toBe(300);
    expect(await histogramTotal(id, "merchant_category")).toBe(300);

    // the same batch again, and half of it with 100 new events
    const again = await ingestBatch(testDatabase(), ci, { events: batch }, { now });
    expect(again).toMatchObject({ accepted: 0, duplicates: 300 });
    const mixed = [...batch.slice(0, 150), ...events(key, "acme", 100, { drifted: false, at: now - 60_000 })];
    const third = await ingestBatch(testDatabase(), ci, { events: mixed }, { now });
    expect(third).toMatchObject({ accepted: 100, duplicates: 150 });
    expect(await histogramTotal(id, "amount_eur")).toBe(400);

    // an unlisted merchant lands in "other": the detail's bins say so
    const detail = await driftCellDetail(testDatabase(), { model: key, tenant: "acme", feature: "merchant_category", now });
    expect(detail.bins.map((b) => b.label)).toEqual(["grocery", "travel", "electronics", "gambling", "other", "missing"]);
    expect(detail.cell.sample).toBe(400);
    expect(detail.bins[4]?.current).toBeGreaterThan(0.15);
    expect(detail.baseline).toEqual({ source: "manifest", label: "baseline: training data (manifest)" });
  });

  it("are not written for events without features", async () => {
    const { key, id } = await newModel();
    const now = Date.now();
    const plain = events(key, "acme", 10, { drifted: false, at: now - 60_000 }).map(({ features: _f, ...e }) => e);
    expect((await ingestBatch(testDatabase(), ci, { events: plain }, { now })).accepted).toBe(10);
    expect(await testDb().featureHistogram.count({ where: { modelId: id } })).toBe(0);
  });
});

describe("drift heatmap", () => {
  it("puts the drifted tenant first with PSI above the alert threshold, the stable one below warn", async () => {
    const { key } = await newModel();
    const now = Date.now();
    const batch = [
      ...events(key, "acme", 1000, { drifted: false, at: now - 5 * 60_000 }),
      ...events(key, "globex", 1000, { drifted: true, at: now - 5 * 60_000 }),
      ...events(key, "initech", 20, { drifted: true, at: now - 5 * 60_000 }),
    ];
    expect((await ingestBatch(testDatabase(), ci, { events: batch }, { now })).accepted).toBe(2020);

    const map = await driftHeatmap(testDatabase(), { model: key, window: "24h", now });
    expect(map.tenants.map((t) => t.tenant)).toEqual(["globex", "acme", "initech"]);
    const [globex, acme, initech] = map.tenants;
    expect(globex?.worst?.psi).toBeGreaterThan(0.25);
    expect(globex?.cells.find((c) => c.feature === "amount_eur")?.level).toBe("alert");
    expect(acme?.worst?.psi).toBeLessThan(0.1);
    expect(acme?.cells.find((c) => c.feature === "amount_eur")?.level).toBe("ok");
    // below minSample (500): a sample size, no number
    expect(initech?.cells.every((c) => c.level === "too_few" && c.psi === null && c.sample === 20)).toBe(true);
    expect(map.features.map((f) => f.name)).toEqual(["amount_eur", "merchant_category"]);
    // nothing is stable yet, so the score has no traffic baseline
    expect(map.prediction.baseline.source).toBe("none");
    expect(globex?.prediction.level).toBe("no_baseline");
  });

  it("is served by the API with the metrics read scope, and refuses a bad window with the field named", async () => {
    const { key } = await newModel();
    const reader = await createApiToken(["routes:read"]);
    const sender = await createApiToken(["telemetry:write"]);
    const ok = await callRoute(getDrift, { path: `/api/v1/models/${key}/drift?window=1h`, params: { model: key }, token: reader.secret });
    expect(ok.status).toBe(200);
    expect((await ok.json<{ window: string; tenants: unknown[] }>()).window).toBe("1h");
    const bad = await callRoute(getDrift, { path: `/api/v1/models/${key}/drift?window=2h`, params: { model: key }, token: reader.secret });
    expect(bad.status).toBe(422);
    expect((await bad.json<{ error: { issues: { path: string }[] } }>()).error.issues[0]?.path).toBe("window");
    const unknownVersion = await callRoute(getDrift, {
      path: `/api/v1/models/${key}/drift?version=9.9`,
      params: { model: key },
      token: reader.secret,
    });
    expect(unknownVersion.status).toBe(404);
    const forbidden = await callRoute(getDrift, { path: `/api/v1/models/${key}/drift`, params: { model: key }, token: sender.secret });
    expect(forbidden.status).toBe(403);
    expect((await callRoute(getDrift, { path: `/api/v1/models/${key}/drift`, params: { model: key } })).status).toBe(401);
    // the page reads it with a viewer's session
    signInAs(await createUser("viewer"));
    try {
      const viewer = await callRoute(getDrift, { path: `/api/v1/models/${key}/drift`, params: { model: key } });
      expect(viewer.status).toBe(200);
      const cell = await callRoute(getDriftCell, {
        path: `/api/v1/models/${key}/drift/cell?tenant=acme&feature=nope`,
        params: { model: key },
      });
      expect(cell.status).toBe(404);
      const missing = await callRoute(getDriftCell, {
        path: `/api/v1/models/${key}/drift/cell?feature=amount_eur`,
        params: { model: key },
      });
      expect(missing.status).toBe(422);
      expect((await missing.json<{ error: { issues: { path: string }[] } }>()).error.issues.map((i) => i.path)).toEqual(["tenant"]);
    } finally {
      signInAs(null);
    }
  });
});

describe("traffic baselines", () => {
  it("use the stable version's first week when the manifest has no counts, for features and scores", async () => {
    const { key, id } = await newModel({ withoutBaselines: true });
    // the release pointer as a finished rollout leaves it (the rollout service is tested elsewhere)
    await testDb().release.create({ data: { modelId: id, stableVersion: V1, state: "idle" } });
    const now = Date.now();
    const firstWeek = now - 9 * 86_400_000;
    const old = [
      ...events(key, "acme", 600, { drifted: false, at: firstWeek }),
      ...events(key, "globex", 600, { drifted: false, at: firstWeek + 2 * HOUR }),
    ];
    expect((await ingestBatch(testDatabase(), ci, { events: old }, { now })).accepted).toBe(1200);
    // eight days later, outside the first week: globex changed, and its scores with it
    const current = [
      ...events(key, "acme", 800, { drifted: false, at: now - 60_000 }),
      ...events(key, "globex", 800, { drifted: true, at: now - 60_000, score: 0.9 }),
    ];
    expect((await ingestBatch(testDatabase(), ci, { events: current }, { now })).accepted).toBe(1600);

    const map = await driftHeatmap(testDatabase(), { model: key, window: "24h", now });
    const amount = map.features.find((f) => f.name === "amount_eur")?.baseline;
    expect(amount).toMatchObject({ source: "traffic", version: V1, complete: true });
    expect(amount?.label).toMatch(
      new RegExp(`^baseline: first week of ${V1.replace(/\./g, "\\.")} traffic, \\d{4}-\\d{2}-\\d{2}–\\d{4}-\\d{2}-\\d{2}$`),
    );
    expect(map.prediction.baseline).toMatchObject({ source: "traffic", version: V1, complete: true });
    expect(map.tenants.map((t) => t.tenant)).toEqual(["globex", "acme"]);
    const [globex, acme] = map.tenants;
    expect(globex?.worst?.psi).toBeGreaterThan(0.25);
    expect(acme?.worst?.psi).toBeLessThan(0.1);
    expect(globex?.prediction.level).toBe("alert");
    expect(acme?.prediction.level).toBe("ok");
    expect(acme?.prediction.psi).toBeCloseTo(0, 6);
  });

  it("say there is none while no version is stable", async () => {
    const { key } = await newModel({ withoutBaselines: true });
    const now = Date.now();
    await ingestBatch(testDatabase(), ci, { events: events(key, "acme", 600, { drifted: false, at: now - 60_000 }) }, { now });
    const map = await driftHeatmap(testDatabase(), { model: key, now });
    expect(map.features[0]?.baseline).toEqual({
      source: "none",
      label: "no baseline: the manifest has no baseline counts and no version is stable yet",
    });
    expect(map.tenants[0]?.cells.every((c) => c.level === "no_baseline" && c.sample === 600)).toBe(true);
    expect(map.tenants[0]?.worst).toBeNull();
  });
});

describe("drift watch", () => {
  it("emits drift.detected once per tenant and feature, again only after a recovery", async () => {
    const { key, id } = await newModel();
    const t0 = Date.now();
    const detected = () => testDb().outboxEvent.findMany({ where: { modelKey: key, type: "drift.detected" }, orderBy: { id: "asc" } });
    const ingestAt = async (at: number, drifted: boolean) => {
      const batch = [...events(key, "acme", 800, { drifted: false, at }), ...events(key, "globex", 800, { drifted, at })];
      expect((await ingestBatch(testDatabase(), ci, { events: batch }, { now: at + 1000 })).accepted).toBe(1600);
    };

    await ingestAt(t0 - 60_000, true);
    const first = await evaluateModelDrift(testDatabase(), key, t0);
    expect(first.map((t) => `${t.tenant}/${t.feature}:${t.to}`).sort()).toEqual([
      "globex/amount_eur:alert",
      "globex/merchant_category:alert",
    ]);
    let events1 = await detected();
    expect(events1).toHaveLength(2);
    expect(events1[0]?.payload).toMatchObject({ model: key, tenant: "globex", metric: "PSI" });

    // still drifting: no new event
    await ingestAt(t0, true);
    expect(await evaluateModelDrift(testDatabase(), key, t0 + 60_000)).toEqual([]);
    expect(await detected()).toHaveLength(2);

    // a day later globex is back on the baseline: recovered, no event
    const t1 = t0 + 26 * HOUR;
    await ingestAt(t1 - 60_000, false);
    const recovered = await evaluateModelDrift(testDatabase(), key, t1);
    expect(recovered.map((t) => `${t.tenant}/${t.feature}:${t.from}→${t.to}`).sort()).toEqual([
      "globex/amount_eur:alert→ok",
      "globex/merchant_category:alert→ok",
    ]);
    expect(await detected()).toHaveLength(2);

    // drifting again: a second episode, a second event per feature
    const t2 = t1 + 26 * HOUR;
    await ingestAt(t2 - 60_000, true);
    expect((await evaluateModelDrift(testDatabase(), key, t2)).filter((t) => t.to === "alert")).toHaveLength(2);
    events1 = await detected();
    expect(events1).toHaveLength(4);

    const states = await testDb().driftAlertState.findMany({ where: { modelId: id }, orderBy: { feature: "asc" } });
    expect(states.map((s) => [s.tenant, s.feature, s.state])).toEqual([
      ["globex", "amount_eur", "alert"],
      ["globex", "merchant_category", "alert"],
    ]);
    const audits = await testDb().auditEvent.count({ where: { modelKey: key, action: "drift.state_changed" } });
    expect(audits).toBe(6);
  });
});
