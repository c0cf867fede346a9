// Telemetry against a real database: batched ingest over the REST API (partial acceptance,
// unknown model/version, duplicates across batches and under concurrency, 413, one
// transaction), the metrics API (shape, gaps as null, merged percentiles within their bound),
// the tenant table, prediction lookup and retention. Every test makes its own model.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getMetrics } from "../../app/api/v1/models/[model]/metrics/route";
import { GET as getPredictionRoute } from "../../app/api/v1/predictions/[request_id]/route";
import { GET as getTenants } from "../../app/api/v1/models/[model]/tenants/route";
import { POST as postTelemetry } from "../../app/api/v1/telemetry/route";
import { systemActor, type Actor } from "../../lib/auth/actor";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { LATENCY_RELATIVE_ERROR, percentile, latencyHistogramOf } from "../../lib/telemetry/histogram";
import { ingestBatch } from "../../lib/telemetry/ingest";
import { metricsSeries, trafficShare } from "../../lib/telemetry/queries";
import { tenantTable } from "../../lib/telemetry/tenant-table";
import { configureTelemetry, telemetryConfig } from "../../lib/telemetry/config";
import { deleteExpiredPredictions, retentionJob } from "../../lib/telemetry/retention";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";
import { signInAs } from "./support/session";

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
type IngestBody = { accepted: number; duplicates: number; rejected: { index: number; issues: { path: string; message: string }[] }[] };

const V1 = "2026-01-15.1";
const V2 = "2026-01-16.1";
const ci: Actor = systemActor("telemetry test");
let sender: { secret: string };
let reader: { secret: string };

beforeAll(async () => {
  sender = await createApiToken(["telemetry:write"]);
  reader = await createApiToken(["routes:read"]);
});

/** A model with versions V1 and V2 registered. */
async function newModel(): Promise<{ key: string; id: string }> {
  const key = uniqueModelKey("it-tele");
  for (const version of [V1, V2]) {
    const m = fraudScoringManifest();
    m.model_id = key;
    m.model_version = version;
    delete m.parent_version;
    const res = await registerVersion(testDb(), ci, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
    expect(res.status).toBe(201);
  }
  const model = await testDb().model.findUniqueOrThrow({ where: { key } });
  return { key, id: model.id };
}

/** The start of the minute `minutesAgo` minutes before now. */
const minuteAgo = (minutesAgo: number) => Math.floor(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000;

let seq = 0;
function event(key: string, overrides: Record<string, unknown> = {}) {
  return {
    request_id: uniqueId(`req${seq++}`),
    model: key,
    version: V1,
    tenant: "acme",
    ts: new Date(minuteAgo(5) + 1_000).toISOString(),
    latency_ms: 42,
    outcome: "ok",
    score: 0.8,
    ...overrides,
  };
}

function post(events: unknown[], token = sender.secret) {
  return callRoute(postTelemetry, { path: "/api/v1/telemetry", body: { events }, token });
}

async function stored(modelId: string) {
  const db = testDb();
  const [predictions, minutes, rollupAll, dayTenants] = await Promise.all([
    db.prediction.count({ where: { modelId } }),
    db.metricMinute.aggregate({ where: { modelId }, _sum: { count: true } }),
    db.metricRollup.aggregate({ where: { modelId, grain: "minute", tenant: "*" }, _sum: { count: true } }),
    db.metricRollup.aggregate({ where: { modelId, grain: "day", NOT: { tenant: "*" } }, _sum: { count: true } }),
  ]);
  return {
    predictions,
    minuteCount: minutes._sum.count ?? 0,
    allTenantsCount: rollupAll._sum.count ?? 0,
    dayTenantCount: dayTenants._sum.count ?? 0,
  };
}

describe("POST /api/v1/telemetry", () => {
  it("keeps the valid events and rejects the invalid ones with their index and field issues", async () => {
    const { key, id } = await newModel();
    const res = await post([
      event(key),
      { ...event(key), latency_ms: undefined, outcome: "maybe" },
      event(key, { outcome: "error", error_class: "timeout" }),
      event(key, { error_class: "timeout" }),
      event(key, { ts: new Date(Date.now() + 3_600_000).toISOString() }),
      event(key, { tokens: { input: 10, output: 2 }, flags: ["refusal"], cost: 0.002 }),
    ]);
    expect(res.status).toBe(202);
    const body = await res.json<IngestBody>();
    expect(body.accepted).toBe(3);
    expect(body.duplicates).toBe(0);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 3, 4]);
    expect(body.rejected[0]!.issues.map((i) => i.path).sort()).toEqual(["latency_ms", "outcome"]);
    expect(body.rejected[1]!.issues).toEqual([{ path: "error_class", message: 'error_class is only allowed with outcome "error"' }]);
    expect(body.rejected[2]!.issues[0]).toMatchObject({ path: "ts", message: expect.stringContaining("future") });

    expect(await stored(id)).toEqual({ predictions: 3, minuteCount: 3, allTenantsCount: 3, dayTenantCount: 3 });
    const row = await testDb().metricMinute.findFirstOrThrow({ where: { modelId: id } });
    expect(row).toMatchObject({
      count: 3,
      errorCount: 1,
      errTimeout: 1,
      costCount: 1,
      tokensIn: 10n,
      tokensOut: 2n,
      flags: { refusal: 1 },
    });
  });

  it("refuses, field by field, text the database cannot store (NUL, unpaired surrogates) and keeps the rest of the batch", async () => {
    const { key, id } = await newModel();
    const res = await post([
      event(key, { tenant: "ac\u0000me" }),
      event(key, { prediction: { label: "ok", note: "broken \ud800" } }),
      event(key, { tenant: "emoji 😀", prediction: { text: "fine \\u0000 as text" } }),
      event(key, { features: { "k\u0000": 1 } }),
    ]);
    expect(res.status).toBe(202);
    const body = await res.json<IngestBody>();
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([
      { index: 0, issues: [{ path: "tenant", message: "tenant holds a NUL character (U+0000), which cannot be stored" }] },
      {
        index: 1,
        issues: [{ path: "prediction.note", message: "prediction.note holds an unpaired UTF-16 surrogate, which is not valid Unicode" }],
      },
      { index: 3, issues: [{ path: "features", message: "a key in features holds a NUL character (U+0000), which cannot be stored" }] },
    ]);
    const [row] = await testDb().prediction.findMany({ where: { modelId: id } });
    expect(row).toMatchObject({ tenant: "emoji 😀", prediction: { text: "fine \\u0000 as text" } });
  });

  it("rejects events for an unknown model or version instead of creating rows", async () => {
    const { key, id } = await newModel();
    const ghost = uniqueModelKey("ghost");
    const res = await post([event(key), event(ghost), event(key, { version: "2099-01-01.1" })]);
    expect(res.status).toBe(202);
    const body = await res.json<IngestBody>();
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([
      { index: 1, issues: [{ path: "model", message: `Model "${ghost}" does not exist.` }] },
      { index: 2, issues: [{ path: "version", message: `Model "${key}" has no version 2099-01-01.1.` }] },
    ]);
    expect(await testDb().model.count({ where: { key: ghost } })).toBe(0);
    expect((await stored(id)).predictions).toBe(1);
  });

  it("counts a request id once across batches and within a batch", async () => {
    const { key, id } = await newModel();
    const first = [event(key), event(key), event(key), event(key, { tenant: "globex" })];
    const a = await (await post(first)).json<IngestBody>();
    expect(a).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    // the same batch again (a client retry after a lost answer), plus two new events, one twice
    const fresh = event(key, { tenant: "globex" });
    const b = await (await post([...first, fresh, fresh, event(key)])).json<IngestBody>();
    expect(b).toEqual({ accepted: 2, duplicates: 5, rejected: [] });
    expect(await stored(id)).toEqual({ predictions: 6, minuteCount: 6, allTenantsCount: 6, dayTenantCount: 6 });
  });

  it("counts each request id once when two identical batches race", async () => {
    const { key, id } = await newModel();
    const events = Array.from({ length: 600 }, (_, i) =>
      event(key, { tenant: `t${i % 7}`, version: i % 3 ? V1 : V2, ts: new Date(minuteAgo(i % 4) + 500).toISOString() }),
    );
    const [a, b] = await Promise.all([post(events), post(events)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const [ra, rb] = [await a.json<IngestBody>(), await b.json<IngestBody>()];
    expect(ra.accepted + rb.accepted).toBe(600);
    expect(ra.duplicates + rb.duplicates).toBe(600);
    expect(await stored(id)).toEqual({ predictions: 600, minuteCount: 600, allTenantsCount: 600, dayTenantCount: 600 });
  });

  it("answers 413 above 5,000 events or 5 MB, naming the limit, and writes nothing", async () => {
    const { key, id } = await newModel();
    const many = Array.from({ length: 5_001 }, () => event(key));
    const res = await post(many);
    expect(res.status).toBe(413);
    const body = await res.json<ErrorBody>();
    expect(body.error.code).toBe("payload_too_large");
    expect(body.error.message).toContain("5,001 events; the limit is 5,000 events");

    const big = [event(key, { prediction: { text: "x".repeat(5 * 1024 * 1024) } })];
    const res2 = await post(big);
    expect(res2.status).toBe(413);
    expect((await res2.json<ErrorBody>()).error.message).toContain("5 MB");
    expect((await stored(id)).predictions).toBe(0);
  });

  it("refuses a body that is not a batch with 422, and callers without the scope", async () => {
    const res = await callRoute(postTelemetry, { path: "/api/v1/telemetry", body: { event: {} }, token: sender.secret });
    expect(res.status).toBe(422);
    expect((await res.json<ErrorBody>()).error.issues?.[0]?.path).toBe("events");
    expect((await post([], reader.secret)).status).toBe(403);
    expect((await callRoute(postTelemetry, { path: "/api/v1/telemetry", body: { events: [] } })).status).toBe(401);
  });

  it("writes a batch in one transaction: a failure in the rollup upsert leaves no prediction and no rollup", async () => {
    const { key, id } = await newModel();
    const minute = minuteAgo(3);
    // a stored row one request short of the INTEGER limit: adding 2 overflows inside the upsert
    await testDb().metricMinute.create({
      data: { modelId: id, version: V1, tenant: "full", minute: new Date(minute), count: 2_147_483_646, latencyHist: [], scoreHist: [] },
    });
    const events = [
      event(key, { tenant: "other", ts: new Date(minute + 5_000).toISOString() }),
      event(key, { tenant: "full", ts: new Date(minute + 6_000).toISOString() }),
      event(key, { tenant: "full", ts: new Date(minute + 7_000).toISOString() }),
      event(key, { tenant: "zzz", version: V2, ts: new Date(minute + 8_000).toISOString() }),
    ];
    await expect(ingestBatch(testDatabase(), ci, { events })).rejects.toThrow(/out of range/);
    expect(await testDb().prediction.count({ where: { requestId: { in: events.map((e) => e.request_id) } } })).toBe(0);
    expect(await testDb().metricMinute.count({ where: { modelId: id } })).toBe(1);
    expect(await testDb().metricRollup.count({ where: { modelId: id } })).toBe(0);
  });

  it("records the version's place in the release as the prediction's route", async () => {
    const { key, id } = await newModel();
    await testDb().release.create({
      data: { modelId: id, stableVersion: V1, candidateVersion: V2, candidatePercent: 5, state: "ramping" },
    });
    await testDb().tenantPin.create({ data: { modelId: id, tenant: "pinned-co", version: V1, createdBy: "test" } });
    const stable = event(key);
    const candidate = event(key, { version: V2 });
    const pinned = event(key, { tenant: "pinned-co" });
    expect((await (await post([stable, candidate, pinned])).json<IngestBody>()).accepted).toBe(3);
    const routes = await testDb().prediction.findMany({ where: { modelId: id }, select: { requestId: true, route: true } });
    expect(Object.fromEntries(routes.map((r) => [r.requestId, r.route]))).toEqual({
      [stable.request_id]: "stable",
      [candidate.request_id]: "candidate",
      [pinned.request_id]: "pin",
    });
  });
});

describe("GET /api/v1/predictions/{request_id}", () => {
  it("returns the prediction with its model version; 404 names the request id", async () => {
    const { key, id } = await newModel();
    await testDb().release.create({ data: { modelId: id, stableVersion: V1, candidateVersion: V2, candidatePercent: 25 } });
    const e = event(key, {
      version: V2,
      tenant: "initech",
      latency_ms: 87.5,
      outcome: "error",
      error_class: "upstream",
      score: 0.31,
      label: "fraud",
      prediction: { label: "legit", score: 0.31 },
    });
    await post([e]);
    const res = await callRoute(getPredictionRoute, {
      path: `/api/v1/predictions/${e.request_id}`,
      params: { request_id: e.request_id },
      token: reader.secret,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      requestId: e.request_id,
      time: e.ts,
      tenant: "initech",
      model: key,
      version: V2,
      versionStage: "DEV",
      latencyMs: 87.5,
      outcome: "error",
      errorClass: "upstream",
      score: 0.31,
      label: "fraud",
      prediction: { label: "legit", score: 0.31 },
      route: "candidate",
    });

    // a signed-in viewer may look it up too
    signInAs(await createUser("viewer"));
    try {
      const asViewer = await callRoute(getPredictionRoute, {
        path: `/api/v1/predictions/${e.request_id}`,
        params: { request_id: e.request_id },
      });
      expect(asViewer.status).toBe(200);
    } finally {
      signInAs(null);
    }

    const missing = uniqueId("nope");
    const nf = await callRoute(getPredictionRoute, {
      path: `/api/v1/predictions/${missing}`,
      params: { request_id: missing },
      token: reader.secret,
    });
    expect(nf.status).toBe(404);
    expect((await nf.json<ErrorBody>()).error.message).toContain(`"${missing}"`);
    const forbidden = await callRoute(getPredictionRoute, {
      path: `/api/v1/predictions/${e.request_id}`,
      params: { request_id: e.request_id },
      token: sender.secret,
    });
    expect(forbidden.status).toBe(403);
  });
});

/** Log-normal latencies from a fixed seed. */
function latencies(n: number, medianMs: number, sigma: number, seed: number): number[] {
  let s = seed >>> 0;
  const r = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return Array.from({ length: n }, () => {
    const z = Math.sqrt(-2 * Math.log(r())) * Math.cos(2 * Math.PI * r());
    return Math.round(Math.min(50_000, Math.max(1, medianMs * Math.exp(sigma * z))) * 1000) / 1000;
  });
}

const exactPercentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.max(1, Math.ceil(q * xs.length)) - 1]!;

describe("metrics", () => {
  type ApiPoint = {
    t: string;
    version: string;
    count: number | null;
    error_rate: number | null;
    p50: number | null;
    p95: number | null;
    p99: number | null;
    quality: number | null;
    cost: number | null;
  };
  type ApiBody = {
    model: string;
    from: string;
    to: string;
    step: number;
    series: ApiPoint[];
    versions: { version: string; sample: number; total: { count: number | null; errors: number | null } }[];
  };

  it("serves per-version series over the API with every step present and gaps as null", async () => {
    const { key } = await newModel();
    const t0 = minuteAgo(10);
    // V1 in minutes 0 and 2 (none in minute 1), V2 only in minute 2
    await post([
      event(key, { ts: new Date(t0 + 1_000).toISOString(), latency_ms: 10, score: 0.5, cost: 0.01 }),
      event(key, {
        ts: new Date(t0 + 2_000).toISOString(),
        latency_ms: 30,
        score: 0.7,
        outcome: "error",
        error_class: "model",
        cost: 0.03,
      }),
      event(key, { ts: new Date(t0 + 120_500).toISOString(), latency_ms: 20 }),
      event(key, { version: V2, ts: new Date(t0 + 121_000).toISOString(), latency_ms: 200 }),
    ]);
    const from = new Date(t0).toISOString();
    const to = new Date(t0 + 180_000).toISOString();
    const res = await callRoute(getMetrics, {
      path: `/api/v1/models/${key}/metrics?from=${from}&to=${to}&step=1m`,
      params: { model: key },
      token: reader.secret,
    });
    expect(res.status).toBe(200);
    const body = await res.json<ApiBody>();
    expect(body).toMatchObject({ model: key, from, to, step: 60 });
    expect(body.versions.map(({ version, sample }) => ({ version, sample }))).toEqual([
      { version: V1, sample: 3 },
      { version: V2, sample: 1 },
    ]);
    // the whole range in one point: V1's three requests, one of them an error
    expect(body.versions[0]!.total).toMatchObject({ count: 3, errors: 1 });
    const v1 = body.series.filter((p) => p.version === V1);
    const v2 = body.series.filter((p) => p.version === V2);
    expect(v1.map((p) => p.t)).toEqual([0, 1, 2].map((i) => new Date(t0 + i * 60_000).toISOString()));
    expect(v1.map((p) => p.count)).toEqual([2, null, 1]);
    expect(v1[0]).toMatchObject({ error_rate: 0.5, quality: 0.6, cost: 0.04 });
    expect(v1[0]!.p50).toBeCloseTo(10, 0);
    expect(v1[0]!.p99).toBeCloseTo(30, 0);
    // a gap is null in every field, never 0
    expect(v1[1]).toMatchObject({ count: null, error_rate: null, p50: null, p95: null, p99: null, quality: null, cost: null });
    expect(v1[2]).toMatchObject({ count: 1, error_rate: 0, quality: 0.8, cost: null });
    expect(v2.map((p) => p.count)).toEqual([null, null, 1]);
    for (const p of body.series)
      expect(Object.keys(p)).toEqual(expect.arrayContaining(["t", "count", "error_rate", "p50", "p95", "p99", "quality", "cost"]));

    const one = await callRoute(getMetrics, {
      path: `/api/v1/models/${key}/metrics?version=${V2}&tenant=acme&from=${from}&to=${to}&step=60`,
      params: { model: key },
      token: reader.secret,
    });
    expect((await one.json<ApiBody>()).series.map((p) => [p.version, p.count])).toEqual([
      [V2, null],
      [V2, null],
      [V2, 1],
    ]);
  });

  it("answers 422 for a bad step or too many points and 404 for an unknown model", async () => {
    const { key } = await newModel();
    const bad = await callRoute(getMetrics, {
      path: `/api/v1/models/${key}/metrics?step=90s`,
      params: { model: key },
      token: reader.secret,
    });
    expect(bad.status).toBe(422);
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const tooMany = await callRoute(getMetrics, {
      path: `/api/v1/models/${key}/metrics?from=${from}&step=1m`,
      params: { model: key },
      token: reader.secret,
    });
    expect(tooMany.status).toBe(422);
    expect((await tooMany.json<ErrorBody>()).error.issues?.[0]?.message).toContain("the limit is 1500");
    const ghost = uniqueModelKey("ghost");
    const nf = await callRoute(getMetrics, { path: `/api/v1/models/${ghost}/metrics`, params: { model: ghost }, token: reader.secret });
    expect(nf.status).toBe(404);
  });

  it("merges percentiles across tenants, minutes and tiers within the stated error bound", async () => {
    const { key } = await newModel();
    const base = minuteAgo(30);
    const samples = [...latencies(1_500, 35, 0.6, 1), ...latencies(500, 250, 0.4, 2)];
    const events = samples.map((ms, i) =>
      event(key, { tenant: `tenant-${i % 5}`, latency_ms: ms, ts: new Date(base + (i % 4) * 60_000 + (i % 50) * 100).toISOString() }),
    );
    for (let i = 0; i < events.length; i += 1_000) {
      expect((await (await post(events.slice(i, i + 1_000))).json<IngestBody>()).accepted).toBe(Math.min(1_000, events.length - i));
    }
    const hourStart = Math.floor(base / 3_600_000) * 3_600_000;
    const checks = [
      // minute rows (all tenants), hour rows (all tenants), day rows, one tenant's minute rows
      { step: 4 * 60, from: base, to: base + 4 * 60_000, tenant: undefined, xs: samples },
      { step: 3_600 * 2, from: hourStart, to: base + 4 * 60_000, tenant: undefined, xs: samples },
      { step: 86_400, from: base, to: base + 4 * 60_000, tenant: undefined, xs: samples },
      { step: 4 * 60, from: base, to: base + 4 * 60_000, tenant: "tenant-3", xs: samples.filter((_, i) => i % 5 === 3) },
    ];
    for (const c of checks) {
      const s = await metricsSeries(testDatabase(), { model: key, from: c.from, to: c.to, step: c.step, tenant: c.tenant });
      const total = s.versions[0]!.total;
      expect(total.count).toBe(c.xs.length);
      for (const [q, got] of [
        [0.5, total.p50],
        [0.95, total.p95],
        [0.99, total.p99],
      ] as const) {
        const exact = exactPercentile(c.xs, q);
        expect(Math.abs(got! - exact) / exact).toBeLessThanOrEqual(LATENCY_RELATIVE_ERROR + 1e-9);
        // and exactly what one histogram of all the samples says
        expect(got).toBe(percentile(latencyHistogramOf(c.xs), q));
      }
    }
  });

  it("lists tenants × versions ranked against all tenants (too few requests last), marks pinned tenants, and gives traffic shares", async () => {
    const { key, id } = await newModel();
    await testDb().model.update({ where: { id }, data: { policy: { guardrails: { minSample: 3 } } } });
    await testDb().tenantPin.create({ data: { modelId: id, tenant: "slow-co", version: V2, createdBy: "test" } });
    const ts = new Date(minuteAgo(2) + 100).toISOString();
    await post([
      ...Array.from({ length: 4 }, () => event(key, { tenant: "fine-co", ts, latency_ms: 20 })),
      ...Array.from({ length: 4 }, (_, i) =>
        event(key, { tenant: "broken-co", ts, latency_ms: 20, ...(i < 2 ? { outcome: "error" } : {}) }),
      ),
      ...Array.from({ length: 2 }, () => event(key, { tenant: "slow-co", version: V2, ts, latency_ms: 900 })),
    ]);
    const table = await tenantTable(testDatabase(), { model: key, from: Date.now() - 3_600_000, to: Date.now() });
    expect(table.ranking).toEqual({ mode: "all_tenants", candidate: null, stable: null, minSample: 3 });
    expect(table.rows.map((r) => [r.tenant, r.version, r.requests, r.error_rate, r.pinned, r.rank.reason])).toEqual([
      ["broken-co", V1, 4, 0.5, false, "error rate +25.0 pt vs all tenants, within noise"],
      ["fine-co", V1, 4, 0, false, "no worse than all tenants"],
      ["slow-co", V2, 2, 0, true, "too few requests (2 < 3)"],
    ]);
    expect(table.rows[2]!.pinnedVersion).toBe(V2);

    const share = await trafficShare(testDatabase(), { model: key, from: minuteAgo(2), to: minuteAgo(0), step: 60 });
    expect(share.points[0]).toMatchObject({ total: 10, shares: { [V1]: 0.8, [V2]: 0.2 } });
    expect(share.points[1]).toMatchObject({ total: null, shares: {} });
  });
});

describe("retention", () => {
  it("deletes predictions older than the window in batches and keeps the rollups", async () => {
    const { key, id } = await newModel();
    await post([event(key), event(key)]);
    const old = Array.from({ length: 25 }, (_, i) => ({
      requestId: uniqueId(`old${i}`),
      modelId: id,
      version: V1,
      tenant: "acme",
      ts: new Date(Date.now() - (40 + i) * 86_400_000),
      latencyMs: 5,
      outcome: "ok",
    }));
    await testDb().prediction.createMany({ data: old });
    const rollupsBefore = await stored(id);
    const deleted = await deleteExpiredPredictions(testDatabase(), { before: new Date(Date.now() - 30 * 86_400_000), batchSize: 10 });
    expect(deleted).toBeGreaterThanOrEqual(25);
    expect(await testDb().prediction.count({ where: { requestId: { in: old.map((o) => o.requestId) } } })).toBe(0);
    expect(await stored(id)).toEqual({ ...rollupsBefore, predictions: 2 });
  });

  it("runs periodically as retentionJob, which also sets the window ingest uses, until stopped", async () => {
    const { id } = await newModel();
    const requestId = uniqueId("ancient");
    await testDb().prediction.create({
      data: {
        requestId,
        modelId: id,
        version: V1,
        tenant: "acme",
        ts: new Date(Date.now() - 400 * 86_400_000),
        latencyMs: 1,
        outcome: "ok",
      },
    });
    let deleted!: () => void;
    const done = new Promise<void>((resolve) => (deleted = resolve));
    const job = retentionJob(testDatabase(), {
      retentionDays: 365,
      firstRunDelayMs: 0,
      intervalMs: 60_000,
      log: (m) => m.includes("deleted") && deleted(),
    });
    job.start();
    try {
      expect(telemetryConfig().retentionDays).toBe(365);
      await done;
      expect(await testDb().prediction.count({ where: { requestId } })).toBe(0);
    } finally {
      await job.stop();
      configureTelemetry({ retentionDays: 30 });
    }
  });

  it("refuses events older than the retention window", async () => {
    const { key } = await newModel();
    const r = await ingestBatch(testDatabase(), ci, { events: [event(key, { ts: Date.now() - 8 * 86_400_000 })] }, { retentionDays: 7 });
    expect(r.rejected[0]?.issues[0]).toMatchObject({ path: "ts", message: "ts is older than the retention window of 7 days" });
  });
});

describe("tenant table API (the Tenants tab)", () => {
  it("serves tenants worst first, filters by version and answers 422 for a bad range", async () => {
    const { key, id } = await newModel();
    await testDb().model.update({ where: { id }, data: { policy: { guardrails: { minSample: 1 } } } });
    const ts = new Date(minuteAgo(5) + 1_000).toISOString();
    await post([
      event(key, { tenant: "calm", ts }),
      event(key, { tenant: "stormy", ts, outcome: "error", error_class: "timeout" }),
      event(key, { tenant: "stormy", ts }),
      event(key, { tenant: "calm", version: V2, ts }),
    ]);
    const from = minuteAgo(30);
    const to = Date.now();
    const all = await callRoute(getTenants, {
      path: `/api/v1/models/${key}/tenants?from=${from}&to=${to}`,
      params: { model: key },
      token: reader.secret,
    });
    expect(all.status).toBe(200);
    const body = await all.json<{
      rows: { tenant: string; version: string; requests: number; error_rate: number; rank: { reason: string } }[];
      version: string | null;
    }>();
    expect(body.rows.map((r) => [r.tenant, r.version, r.requests, r.error_rate, r.rank.reason])).toEqual([
      ["stormy", V1, 2, 0.5, "error rate +16.7 pt vs all tenants, within noise"],
      ["calm", V1, 1, 0, "no worse than all tenants"],
      ["calm", V2, 1, 0, "no worse than all tenants"],
    ]);
    const v2 = await callRoute(getTenants, {
      path: `/api/v1/models/${key}/tenants?from=${from}&to=${to}&version=${V2}`,
      params: { model: key },
      token: reader.secret,
    });
    expect((await v2.json<typeof body>()).rows.map((r) => [r.tenant, r.version])).toEqual([["calm", V2]]);
    const bad = await callRoute(getTenants, {
      path: `/api/v1/models/${key}/tenants?from=yesterday`,
      params: { model: key },
      token: reader.secret,
    });
    expect(bad.status).toBe(422);
    expect((await bad.json<ErrorBody>()).error.issues?.[0]?.path).toBe("from");
  });
});
