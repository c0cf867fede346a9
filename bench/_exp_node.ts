import { benchEvent } from "./ingest/events.mjs";
import { validateEvent, predictedLabel } from "../lib/telemetry/schemas";
import { foldEvents } from "../lib/telemetry/rollup";
import { foldFeatures } from "../lib/drift/fold";
import { featuresOf } from "../lib/drift/bins";
import { predictionsCopyText } from "../lib/telemetry/prediction-rows";
import { fraudScoringManifest } from "../lib/registry/fixtures";
const N = 5000, B = 60;
const run = { prefix: "x", model: "m", stable: "s", candidate: "c", startMs: Date.now() - 600000, spanMs: 600000, total: N * B, features: true };
const bodies = Array.from({ length: B }, (_, b) => Buffer.from(JSON.stringify({ events: Array.from({ length: N }, (_, k) => benchEvent(b * N + k, run)) })));
const specs = featuresOf(fraudScoringManifest() as any);
const t = { decode: 0, parse: 0, validate: 0, prepare: 0, copy: 0, fold: 0, feat: 0, stringify: 0 };
let gc0 = 0;
for (let r = 0; r < 2; r++) for (const body of bodies) {
  let t0 = performance.now();
  const text = body.toString("utf8"); t.decode += performance.now() - t0; t0 = performance.now();
  const parsed = JSON.parse(text); t.parse += performance.now() - t0; t0 = performance.now();
  const now = Date.now();
  const valid = parsed.events.map((e: unknown) => validateEvent(e, { now, retentionDays: 30 })).filter((r: any) => r.ok).map((r: any) => ({ ...r.event, atMs: r.atMs }));
  t.validate += performance.now() - t0; t0 = performance.now();
  const receivedAt = new Date(now).toISOString();
  const acc = valid.map((e: any) => { const error = e.outcome === "error"; const predicted = e.label !== undefined ? predictedLabel(e.prediction) : null; const atMs = e.atMs; return {
    fold: { modelId: "mid", version: e.version, tenant: e.tenant, atMs, latencyMs: e.latency_ms, error, errorClass: error ? e.error_class : undefined, score: e.score, cost: e.cost, correct: predicted === null ? null : String(e.label) === predicted, tokensIn: e.tokens?.input ?? 0, tokensOut: e.tokens?.output ?? 0, flags: e.flags, features: e.features },
    row: { requestId: e.request_id, modelId: "mid", version: e.version, tenant: e.tenant, ts: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/.test(e.ts) ? e.ts : new Date(atMs).toISOString(), latencyMs: e.latency_ms, outcome: e.outcome, errorClass: error ? (e.error_class ?? null) : null, score: e.score ?? null, cost: e.cost ?? null, label: e.label === undefined ? null : String(e.label), prediction: e.prediction ?? null, route: "stable", receivedAt } }; });
  acc.sort((a: any, b: any) => (a.row.requestId < b.row.requestId ? -1 : a.row.requestId > b.row.requestId ? 1 : 0));
  t.prepare += performance.now() - t0; t0 = performance.now();
  const copy = predictionsCopyText(acc.map((a: any) => a.row)); t.copy += performance.now() - t0; t0 = performance.now();
  const f = foldEvents(acc.map((a: any) => a.fold)); t.fold += performance.now() - t0; t0 = performance.now();
  const h = foldFeatures(acc.map((a: any) => a.fold), () => specs); t.feat += performance.now() - t0; t0 = performance.now();
  const s = JSON.stringify(f.minutes) + JSON.stringify(f.rollups) + JSON.stringify(h); t.stringify += performance.now() - t0;
  if (r === 0) for (const k of Object.keys(t)) (t as any)[k] = 0;
  void copy; void s;
}
const per = (ms: number) => (ms / (N * B) * 1000).toFixed(2);
console.log(Object.entries(t).map(([k, v]) => `${k} ${per(v)}µs`).join("  "), " total", per(Object.values(t).reduce((a, b) => a + b)));
