/**
 * Telemetry reads for the charts, the tenant table, the metrics API and prediction lookup.
 * Every function takes the database handle first and returns plain DTOs (dates as ISO
 * strings, numbers as numbers) that go out as JSON and across the server/client boundary.
 *
 * Null means "no data", never zero: a bucket with no rows has count null and every metric
 * null (a gap in a chart), and a metric whose inputs are absent (no scores, no labels, no
 * costs) is null even when requests exist. Rates are fractions 0..1; latencies in ms.
 *
 * Point fields: t (bucket start), count (requests = the sample size), errors, error_rate,
 * errors_by_class {schema, timeout, upstream, model, other}, p50/p95/p99 and latency_mean
 * (ms; percentiles from merged histograms, within 1 % — see histogram.ts), quality (mean
 * score) with quality_count, accuracy (correct / labelled, events carrying both a label and a
 * prediction) with labeled, cost (sum), cost_per_1k (per 1,000 requests that reported a cost),
 * tokens_in / tokens_out (sums), flags {name: events flagged / requests}, share (this version's
 * requests / all versions' requests in the bucket, under the same tenant filter).
 */
import "server-only";
import { modelNotFound } from "../database/models";
import type { Database } from "../database/open";
import { ValidationError } from "../errors";
import { histTotal, percentile } from "./histogram";
import { addSums, emptySums, GRAIN_MS, type Grain, type Sums } from "./rollup";
import { sqlQuery } from "./sql";
import { autoStepSeconds, floorTo, formatStep, grainForStep, MAX_POINTS, MAX_RANGE_DAYS, MINUTE_S, sourceFor, type Source } from "./tiers";
import type { z } from "zod";
import type { predictionSchema } from "./contracts";

export type MetricsRequest = {
  /** model key */
  model: string;
  version?: string;
  tenant?: string;
  /** epoch ms or Date; default to = now, from = to − 24 h */
  from?: number | Date;
  to?: number | Date;
  /** seconds, a whole number of minutes; default autoStepSeconds(range) */
  step?: number;
  now?: number;
};

export type ErrorsByClass = { schema: number; timeout: number; upstream: number; model: number; other: number };

export type SeriesPoint = {
  t: string;
  count: number | null;
  errors: number | null;
  error_rate: number | null;
  errors_by_class: ErrorsByClass | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  latency_mean: number | null;
  quality: number | null;
  quality_count: number | null;
  accuracy: number | null;
  labeled: number | null;
  cost: number | null;
  cost_per_1k: number | null;
  tokens_in: number | null;
  tokens_out: number | null;
  flags: Record<string, number> | null;
  share: number | null;
};

export type VersionSeries = {
  version: string;
  /** requests in the whole range (the sample size) */
  sample: number;
  /** the whole range in one point (t = from) */
  total: SeriesPoint;
  /** one point per step from `from` to `to`; buckets without data are null points */
  points: SeriesPoint[];
};

export type MetricsSeries = {
  model: string;
  version: string | null;
  tenant: string | null;
  /** ISO; `from` rounded down to the step */
  from: string;
  to: string;
  /** seconds */
  step: number;
  stepLabel: string;
  /** which rows answered: minute, hour or day */
  grain: Grain;
  /** requests in range, all versions shown */
  sample: number;
  /** versions with data in range, sorted by version id */
  versions: VersionSeries[];
};

export type StoredRow = Sums & { version: string; tenant: string; ms: number };

const COLUMNS = `"version", "tenant", "count", "errorCount", "errSchema", "errTimeout", "errUpstream", "errModel", "latencySum",
  "scoreCount", "scoreSum", "scoreSumSq", "labelCount", "correctCount", "costCount", "costSum",
  "tokensIn"::float8 AS "tokensIn", "tokensOut"::float8 AS "tokensOut",
  COALESCE(array_to_json("latencyHist"), '[]'::json) AS "latencyHist", COALESCE(array_to_json("scoreHist"), '[]'::json) AS "scoreHist", "flags"`;

export async function loadRows(
  database: Database,
  modelId: string,
  source: Source,
  fromMs: number,
  toMs: number,
  opts: { allTenants?: boolean; version?: string } = {},
): Promise<StoredRow[]> {
  const params: unknown[] = [modelId, new Date(fromMs).toISOString(), new Date(toMs).toISOString()];
  let sql: string;
  if (source.table === "MetricMinute") {
    sql = `SELECT ${COLUMNS}, (extract(epoch FROM "minute") * 1000)::float8 AS ms FROM "MetricMinute"
      WHERE "modelId" = $1 AND "minute" >= $2::timestamp(3) AND "minute" < $3::timestamp(3)`;
    if (!opts.allTenants) sql += ` AND "tenant" = $${params.push(source.tenant)}`;
  } else {
    sql = `SELECT ${COLUMNS}, (extract(epoch FROM "bucket") * 1000)::float8 AS ms FROM "MetricRollup"
      WHERE "modelId" = $1 AND "grain" = $${params.push(source.grain)} AND "bucket" >= $2::timestamp(3) AND "bucket" < $3::timestamp(3)`;
    sql += opts.allTenants ? ` AND "tenant" <> '*'` : ` AND "tenant" = $${params.push(source.tenant)}`;
  }
  if (opts.version) sql += ` AND "version" = $${params.push(opts.version)}`;
  return sqlQuery<StoredRow>(database, sql, params);
}

async function modelIdOrThrow(database: Database, key: string): Promise<string> {
  const rows = await sqlQuery<{ id: string }>(database, `SELECT "id" FROM "Model" WHERE "key" = $1`, [key]);
  if (!rows[0]) throw modelNotFound(key);
  return rows[0].id;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

/** The metrics of one bucket (or a whole range) from its summed rows; a null point without data. */
export function pointOf(t: number, s: Sums | undefined, bucketTotal?: number): SeriesPoint {
  if (!s || s.count === 0) {
    return {
      t: new Date(t).toISOString(),
      count: null,
      errors: null,
      error_rate: null,
      errors_by_class: null,
      p50: null,
      p95: null,
      p99: null,
      latency_mean: null,
      quality: null,
      quality_count: null,
      accuracy: null,
      labeled: null,
      cost: null,
      cost_per_1k: null,
      tokens_in: null,
      tokens_out: null,
      flags: null,
      share: null,
    };
  }
  const n = s.count;
  const histN = histTotal(s.latencyHist);
  const flags: Record<string, number> = {};
  for (const [k, v] of Object.entries(s.flags)) flags[k] = Number(v) / n;
  return {
    t: new Date(t).toISOString(),
    count: n,
    errors: s.errorCount,
    error_rate: s.errorCount / n,
    errors_by_class: {
      schema: s.errSchema,
      timeout: s.errTimeout,
      upstream: s.errUpstream,
      model: s.errModel,
      other: s.errorCount - s.errSchema - s.errTimeout - s.errUpstream - s.errModel,
    },
    p50: percentile(s.latencyHist, 0.5, histN),
    p95: percentile(s.latencyHist, 0.95, histN),
    p99: percentile(s.latencyHist, 0.99, histN),
    latency_mean: s.latencySum / n,
    quality: ratio(s.scoreSum, s.scoreCount),
    quality_count: s.scoreCount,
    accuracy: ratio(s.correctCount, s.labelCount),
    labeled: s.labelCount,
    cost: s.costCount > 0 ? s.costSum : null,
    cost_per_1k: s.costCount > 0 ? (s.costSum / s.costCount) * 1000 : null,
    tokens_in: s.tokensIn,
    tokens_out: s.tokensOut,
    flags,
    share: bucketTotal ? n / bucketTotal : null,
  };
}

export function resolveRange(req: { from?: number | Date; to?: number | Date; now?: number }) {
  const toMs = req.to !== undefined ? +req.to : (req.now ?? Date.now());
  const fromMs = req.from !== undefined ? +req.from : toMs - GRAIN_MS.day;
  if (!(fromMs < toMs)) throw new ValidationError([{ path: "from", message: "from must be before to" }]);
  if (toMs - fromMs > MAX_RANGE_DAYS * GRAIN_MS.day)
    throw new ValidationError([{ path: "from", message: `the range is longer than ${MAX_RANGE_DAYS} days` }]);
  return { fromMs, toMs };
}

/**
 * Per-version series for a model: every step bucket in [from, to), a null point where a
 * version has no data. Throws NotFoundError for an unknown model and ValidationError (422) for
 * a bad range or too many points.
 */
export async function metricsSeries(database: Database, req: MetricsRequest): Promise<MetricsSeries> {
  const { fromMs: rawFrom, toMs } = resolveRange(req);
  const step = req.step ?? autoStepSeconds(toMs - rawFrom);
  if (step < MINUTE_S || step % MINUTE_S !== 0)
    throw new ValidationError([{ path: "step", message: "step must be a whole number of minutes" }]);
  const stepMs = step * 1000;
  const fromMs = floorTo(rawFrom, stepMs);
  const nPoints = Math.ceil((toMs - fromMs) / stepMs);
  if (nPoints > MAX_POINTS) {
    throw new ValidationError([
      {
        path: "step",
        message: `step ${formatStep(step)} gives ${nPoints} points for this range; the limit is ${MAX_POINTS}: choose a larger step`,
      },
    ]);
  }
  const modelId = await modelIdOrThrow(database, req.model);
  const grain = grainForStep(step);
  // every version is read (shares need them all); `version` filters what is returned
  const rows = await loadRows(database, modelId, sourceFor(grain, req.tenant), fromMs, toMs);

  const byVersion = new Map<string, Map<number, Sums>>();
  const bucketTotals = new Map<number, number>();
  for (const r of rows) {
    const t = floorTo(r.ms, stepMs);
    let buckets = byVersion.get(r.version);
    if (!buckets) byVersion.set(r.version, (buckets = new Map()));
    let acc = buckets.get(t);
    if (!acc) buckets.set(t, (acc = emptySums()));
    addSums(acc, r);
    bucketTotals.set(t, (bucketTotals.get(t) ?? 0) + r.count);
  }

  const versions: VersionSeries[] = [];
  for (const [version, buckets] of [...byVersion].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (req.version && version !== req.version) continue;
    const total = emptySums();
    const points: SeriesPoint[] = [];
    for (let i = 0; i < nPoints; i++) {
      const t = fromMs + i * stepMs;
      const s = buckets.get(t);
      if (s) addSums(total, s);
      points.push(pointOf(t, s, bucketTotals.get(t)));
    }
    let all = 0;
    for (const v of bucketTotals.values()) all += v;
    versions.push({ version, sample: total.count, total: pointOf(fromMs, total, all), points });
  }
  return {
    model: req.model,
    version: req.version ?? null,
    tenant: req.tenant ?? null,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    step,
    stepLabel: formatStep(step),
    grain,
    sample: versions.reduce((n, v) => n + v.sample, 0),
    versions,
  };
}

export type TrafficShare = {
  from: string;
  to: string;
  step: number;
  points: { t: string; total: number | null; shares: Record<string, number> }[];
};

/** Share of requests per version per bucket (0..1); total null where no version has data. */
export async function trafficShare(database: Database, req: Omit<MetricsRequest, "version">): Promise<TrafficShare> {
  const s = await metricsSeries(database, req);
  const n = s.versions[0]?.points.length ?? Math.ceil((Date.parse(s.to) - Date.parse(s.from)) / (s.step * 1000));
  const points: TrafficShare["points"] = [];
  for (let i = 0; i < n; i++) {
    const t = new Date(Date.parse(s.from) + i * s.step * 1000).toISOString();
    const shares: Record<string, number> = {};
    let total = 0;
    for (const v of s.versions) {
      const p = v.points[i];
      if (p?.count) {
        total += p.count;
        shares[v.version] = p.share ?? 0;
      }
    }
    points.push({ t, total: total || null, shares });
  }
  return { from: s.from, to: s.to, step: s.step, points };
}

// ---------------------------------------------------------------------------------------------

export type PredictionDto = z.output<typeof predictionSchema>;

/**
 * The recorded prediction for a request id, or null (never recorded, past retention, or left out
 * by sampling: lookup.ts). Every day partition's primary key ("requestId", "ts") starts with the
 * id, so this is one index probe per partition. An id sent again with another ts is a second
 * row; the first is the answer.
 */
export async function getPrediction(database: Database, requestId: string): Promise<PredictionDto | null> {
  const rows = await sqlQuery<{
    requestId: string;
    ms: number;
    receivedMs: number;
    tenant: string;
    modelKey: string;
    version: string;
    stage: string | null;
    latencyMs: number;
    outcome: string;
    errorClass: string | null;
    score: number | null;
    cost: number | null;
    label: string | null;
    prediction: unknown;
    route: string | null;
  }>(
    database,
    `SELECT p."requestId", (extract(epoch FROM p."ts") * 1000)::float8 AS ms, (extract(epoch FROM p."receivedAt") * 1000)::float8 AS "receivedMs",
       p."tenant", m."key" AS "modelKey", p."version", v."stage"::text AS "stage", p."latencyMs", p."outcome", p."errorClass",
       p."score", p."cost", p."label", p."prediction", p."route"
     FROM "Prediction" p
     JOIN "Model" m ON m."id" = p."modelId"
     LEFT JOIN "ModelVersion" v ON v."modelId" = p."modelId" AND v."version" = p."version"
     WHERE p."requestId" = $1
     ORDER BY p."ts" LIMIT 1`,
    [requestId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    requestId: r.requestId,
    time: new Date(r.ms).toISOString(),
    receivedAt: new Date(r.receivedMs).toISOString(),
    tenant: r.tenant,
    model: r.modelKey,
    version: r.version,
    versionStage: r.stage,
    latencyMs: r.latencyMs,
    outcome: r.outcome,
    errorClass: r.errorClass,
    score: r.score,
    cost: r.cost,
    label: r.label,
    prediction: r.prediction ?? null,
    route: r.route,
  };
}
