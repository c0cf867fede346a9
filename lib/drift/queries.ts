/**
 * Drift reads: the tenant × feature heatmap of a model for a window, and one cell's detail.
 * The page, `GET /api/v1/models/{m}/drift` and the drift watch read through here.
 *
 * Windows are the last 1 h, 24 h or 7 d, rounded out to whole hours (histograms are hourly):
 * `from` is the start of the hour the window begins in, `to` is now. Cell metrics compare the
 * window's counts (all reference-binned versions, or the one asked for) with the feature's
 * baseline (baseline.ts). A cell below the policy's `minSample` events is "too_few": it has
 * a sample size but no judged metric. PSI decides the colour and the order; JS distance can
 * raise a cell to alert too (policy.ts). KS is null for categorical features (no order).
 * Tenants are sorted worst first by their worst judged feature cell's PSI; tenants with no
 * judged cell come last, largest first.
 */
// No "server-only" marker: the drift watch (server.ts, under tsx) reads through this module.
import { z } from "zod";
import type { Database } from "../database/open";
import { NotFoundError } from "../errors";
import { sqlQuery } from "../telemetry/sql";
import { featureBaselines, scoreBaseline, type Baseline, type BaselineInfo } from "./baseline";
import { cdfOrder, slotCount, slotLabels, type FeatureSpec } from "./bins";
import { binsMatch, loadDriftContext, type DriftContext } from "./context";
import { jsDistance, ksBinned, psi, total } from "./metrics";
import { levelOf, type DriftLevel } from "./policy";
import { PREDICTION, SCORE_ORDER, SCORE_SLOTS, scoreSlot, scoreSlotLabels } from "./score";
import type { heatmapSchema, cellDetailSchema } from "./contracts";

const HOUR_MS = 3_600_000;

export const DRIFT_WINDOWS = { "1h": 1, "24h": 24, "7d": 168 } as const;
export type DriftWindow = keyof typeof DRIFT_WINDOWS;
export const DEFAULT_WINDOW: DriftWindow = "24h";

const windowSchema = z
  .enum(["1h", "24h", "7d"], { error: "window must be 1h, 24h or 7d" })
  .default(DEFAULT_WINDOW)
  .meta({ description: "The last 1 h, 24 h (default) or 7 d, rounded out to whole hours." });
const versionSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .meta({ description: "Only this version's traffic (default: every version binned like the reference)." });

export const driftQuerySchema = z.object({ window: windowSchema, version: versionSchema });

export const driftCellQuerySchema = z.object({
  window: windowSchema,
  version: versionSchema,
  tenant: z.string({ error: "tenant is required" }).trim().min(1, "tenant is required").max(200),
  feature: z
    .string({ error: "feature is required" })
    .trim()
    .min(1, "feature is required")
    .max(100)
    .meta({ description: `A feature name, or ${PREDICTION} for the score distribution.` }),
});

export type CellLevel = DriftLevel | "too_few" | "no_baseline";

export type DriftCell = {
  feature: string;
  psi: number | null;
  js: number | null;
  ks: number | null;
  /** events in the window for this tenant and feature */
  sample: number;
  level: CellLevel;
};

export type DriftTenantRow = {
  tenant: string;
  /** the worst judged feature cell (null: none judged) */
  worst: { feature: string; psi: number } | null;
  cells: DriftCell[];
  prediction: DriftCell;
};

export type DriftFeatureColumn = { name: string; kind: FeatureSpec["kind"]; baseline: BaselineInfo };

export type DriftHeatmap = z.output<typeof heatmapSchema>;

export type DriftRequest = { model: string; window?: DriftWindow; version?: string | null; now?: number };

export function hoursRange(hours: number, now: number): { fromMs: number; toMs: number } {
  const fromMs = Math.floor((now - hours * HOUR_MS) / HOUR_MS) * HOUR_MS;
  return { fromMs, toMs: now + 1 };
}

const iso = (ms: number) => new Date(ms).toISOString();

export function judge(
  feature: string,
  baseline: number[] | null,
  current: number[],
  order: number[] | null,
  ctx: Pick<DriftContext, "thresholds">,
): DriftCell {
  const sample = total(current);
  if (!baseline) return { feature, psi: null, js: null, ks: null, sample, level: "no_baseline" };
  const p = psi(baseline, current);
  const j = jsDistance(baseline, current);
  if (p === null || j === null || sample < ctx.thresholds.minSample)
    return { feature, psi: null, js: null, ks: null, sample, level: "too_few" };
  return { feature, psi: p, js: j, ks: ksBinned(baseline, current, order), sample, level: levelOf({ psi: p, js: j }, ctx.thresholds) };
}

type Sum = { tenant: string; feature: string; version: string; i: number; n: number };

/** Window counts per (tenant, feature) on the reference bins. */
async function featureCounts(database: Database, ctx: DriftContext, fromMs: number, toMs: number, version: string | null, tenant?: string) {
  const rows = await sqlQuery<Sum>(
    database,
    `SELECT h."tenant", h."feature", h."version", u.i::int AS i, sum(u.c)::float8 AS n
     FROM "FeatureHistogram" h CROSS JOIN LATERAL unnest(h."counts") WITH ORDINALITY AS u(c, i)
     WHERE h."modelId" = $1 AND h."hour" >= $2::timestamp(3) AND h."hour" < $3::timestamp(3)
       AND ($4::text IS NULL OR h."version" = $4) AND ($5::text IS NULL OR h."tenant" = $5)
     GROUP BY 1, 2, 3, 4`,
    [ctx.model.id, iso(fromMs), iso(toMs), version, tenant ?? null],
  );
  const specs = new Map(ctx.features.map((s) => [s.name, s]));
  const out = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const spec = specs.get(r.feature);
    if (!spec || !binsMatch(ctx, r.version, spec)) continue;
    let byFeature = out.get(r.tenant);
    if (!byFeature) out.set(r.tenant, (byFeature = new Map()));
    let counts = byFeature.get(r.feature);
    if (!counts) byFeature.set(r.feature, (counts = new Array<number>(slotCount(spec)).fill(0)));
    if (r.i - 1 < counts.length) counts[r.i - 1] = (counts[r.i - 1] as number) + r.n;
  }
  return out;
}

/** Window score counts per tenant, regrouped into SCORE_SLOTS. */
async function scoreCounts(database: Database, ctx: DriftContext, fromMs: number, toMs: number, version: string | null, tenant?: string) {
  const rows = await sqlQuery<{ tenant: string; i: number; n: number }>(
    database,
    `SELECT r."tenant", u.i::int AS i, sum(u.c)::float8 AS n
     FROM "MetricRollup" r CROSS JOIN LATERAL unnest(r."scoreHist") WITH ORDINALITY AS u(c, i)
     WHERE r."modelId" = $1 AND r."grain" = 'hour' AND r."tenant" <> '*' AND r."scoreCount" > 0
       AND r."bucket" >= $2::timestamp(3) AND r."bucket" < $3::timestamp(3)
       AND ($4::text IS NULL OR r."version" = $4) AND ($5::text IS NULL OR r."tenant" = $5)
     GROUP BY 1, 2`,
    [ctx.model.id, iso(fromMs), iso(toMs), version, tenant ?? null],
  );
  const out = new Map<string, number[]>();
  for (const r of rows) {
    let counts = out.get(r.tenant);
    if (!counts) out.set(r.tenant, (counts = new Array<number>(SCORE_SLOTS).fill(0)));
    const s = scoreSlot(r.i - 1);
    counts[s] = (counts[s] as number) + r.n;
  }
  return out;
}

function rankTenants(rows: DriftTenantRow[]): DriftTenantRow[] {
  const size = (r: DriftTenantRow) => Math.max(r.prediction.sample, ...r.cells.map((c) => c.sample));
  return rows.sort((a, b) => {
    if (a.worst && b.worst) return b.worst.psi - a.worst.psi || a.tenant.localeCompare(b.tenant);
    if (a.worst) return -1;
    if (b.worst) return 1;
    return size(b) - size(a) || a.tenant.localeCompare(b.tenant);
  });
}

export async function driftHeatmap(database: Database, req: DriftRequest): Promise<DriftHeatmap> {
  const now = req.now ?? Date.now();
  const window = req.window ?? DEFAULT_WINDOW;
  const version = req.version ?? null;
  const ctx = await loadDriftContext(database, req.model, version);
  return buildHeatmap(database, ctx, { window, hours: DRIFT_WINDOWS[window], version, now });
}

/** The heatmap over the last `hours` (rounded out to whole hours) for a loaded context. */
export async function buildHeatmap(
  database: Database,
  ctx: DriftContext,
  opts: { window: string; hours: number; version: string | null; now: number },
): Promise<DriftHeatmap> {
  const { window, version, now } = opts;
  const { fromMs, toMs } = hoursRange(opts.hours, now);
  const [baselines, predictionBaseline, features, scores] = await Promise.all([
    featureBaselines(database, ctx, now),
    scoreBaseline(database, ctx, now),
    featureCounts(database, ctx, fromMs, toMs, version),
    scoreCounts(database, ctx, fromMs, toMs, version),
  ]);
  const tenants = new Set([...features.keys(), ...scores.keys()]);
  const rows: DriftTenantRow[] = [];
  for (const tenant of tenants) {
    const cells = ctx.features.map((spec) => {
      const current = features.get(tenant)?.get(spec.name) ?? new Array<number>(slotCount(spec)).fill(0);
      return judge(spec.name, baselines.get(spec.name)?.counts ?? null, current, cdfOrder(spec), ctx);
    });
    let worst: DriftTenantRow["worst"] = null;
    for (const c of cells) {
      if (c.psi !== null && (worst === null || c.psi > worst.psi)) worst = { feature: c.feature, psi: c.psi };
    }
    const prediction = judge(
      PREDICTION,
      predictionBaseline.counts,
      scores.get(tenant) ?? new Array<number>(SCORE_SLOTS).fill(0),
      SCORE_ORDER,
      ctx,
    );
    rows.push({ tenant, worst, cells, prediction });
  }
  const t = ctx.thresholds;
  return {
    model: { key: ctx.model.key, name: ctx.model.name },
    window,
    from: iso(fromMs),
    to: iso(now),
    version,
    referenceVersion: ctx.referenceVersion,
    stableVersion: ctx.stableVersion,
    versions: ctx.versions.map((v) => v.version),
    method: "PSI",
    thresholds: { psiWarn: t.psiWarn, psiAlert: t.psiAlert, jsAlert: t.jsAlert, minSample: t.minSample },
    policyInvalid: ctx.policyInvalid,
    features: ctx.features.map((s) => ({ name: s.name, kind: s.kind, baseline: (baselines.get(s.name) as Baseline).info })),
    prediction: { baseline: predictionBaseline.info },
    tenants: rankTenants(rows),
  };
}

export type TenantDriftWorst = { feature: string; psi: number; level: DriftLevel };

export type TenantDrift = {
  /** the drift watch's window (the policy's `drift.windowHours`), e.g. "24h" */
  window: string;
  thresholds: DriftHeatmap["thresholds"];
  /** per tenant, its highest judged PSI over its features and its score distribution */
  tenants: Record<string, TenantDriftWorst>;
};

/** Each tenant's worst drift over the drift watch's window, from the same read as the heatmap. */
export async function tenantDriftWorst(database: Database, modelKey: string, now = Date.now()): Promise<TenantDrift> {
  const ctx = await loadDriftContext(database, modelKey, null);
  const hours = ctx.thresholds.windowHours;
  const map = await buildHeatmap(database, ctx, { window: `${hours}h`, hours, version: null, now });
  const tenants: Record<string, TenantDriftWorst> = {};
  for (const row of map.tenants) {
    for (const c of [...row.cells, row.prediction]) {
      const seen = tenants[row.tenant];
      const level = c.level;
      if (c.psi === null || level === "too_few" || level === "no_baseline") continue;
      if (!seen || c.psi > seen.psi) tenants[row.tenant] = { feature: c.feature, psi: c.psi, level };
    }
  }
  return { window: map.window, thresholds: map.thresholds, tenants };
}

// ---------------------------------------------------------------------------------------------
// One cell

export type DriftCellDetail = z.output<typeof cellDetailSchema>;

/** Hours with fewer events than this show a gap in the PSI-over-time chart. */
export function minHourSample(minSample: number): number {
  return Math.min(minSample, 50);
}

function proportionsOrNull(counts: number[] | null): (number | null)[] {
  const n = counts ? total(counts) : 0;
  return (counts ?? []).map((c) => (n > 0 ? c / n : null));
}

export async function driftCellDetail(
  database: Database,
  req: DriftRequest & { tenant: string; feature: string },
): Promise<DriftCellDetail> {
  const now = req.now ?? Date.now();
  const window = req.window ?? DEFAULT_WINDOW;
  const version = req.version ?? null;
  const ctx = await loadDriftContext(database, req.model, version);
  const { fromMs, toMs } = hoursRange(DRIFT_WINDOWS[window], now);
  const isPrediction = req.feature === PREDICTION;
  const spec = ctx.features.find((s) => s.name === req.feature);
  if (!isPrediction && !spec) {
    throw new NotFoundError(
      `Model "${ctx.model.key}" has no drift feature "${req.feature}"${ctx.referenceVersion ? ` in version ${ctx.referenceVersion}` : ""}.`,
    );
  }
  const baseline: Baseline = isPrediction
    ? await scoreBaseline(database, ctx, now)
    : ((await featureBaselines(database, ctx, now)).get(req.feature) as Baseline);
  const labels = isPrediction ? scoreSlotLabels() : slotLabels(spec as FeatureSpec);
  const order = isPrediction ? SCORE_ORDER : cdfOrder(spec as FeatureSpec);
  const width = labels.length;

  // per hour, on the reference bins
  const hourly = new Map<number, number[]>();
  const bump = (hourMs: number, i: number, n: number) => {
    let c = hourly.get(hourMs);
    if (!c) hourly.set(hourMs, (c = new Array<number>(width).fill(0)));
    if (i < width) c[i] = (c[i] as number) + n;
  };
  if (isPrediction) {
    const rows = await sqlQuery<{ t: number; i: number; n: number }>(
      database,
      `SELECT (extract(epoch FROM r."bucket") * 1000)::float8 AS t, u.i::int AS i, sum(u.c)::float8 AS n
       FROM "MetricRollup" r CROSS JOIN LATERAL unnest(r."scoreHist") WITH ORDINALITY AS u(c, i)
       WHERE r."modelId" = $1 AND r."grain" = 'hour' AND r."tenant" = $2 AND r."scoreCount" > 0
         AND r."bucket" >= $3::timestamp(3) AND r."bucket" < $4::timestamp(3) AND ($5::text IS NULL OR r."version" = $5)
       GROUP BY 1, 2`,
      [ctx.model.id, req.tenant, iso(fromMs), iso(toMs), version],
    );
    for (const r of rows) bump(r.t, scoreSlot(r.i - 1), r.n);
  } else {
    const rows = await sqlQuery<{ t: number; version: string; counts: number[] }>(
      database,
      `SELECT (extract(epoch FROM "hour") * 1000)::float8 AS t, "version", "counts" FROM "FeatureHistogram"
       WHERE "modelId" = $1 AND "tenant" = $2 AND "feature" = $3 AND "hour" >= $4::timestamp(3) AND "hour" < $5::timestamp(3)
         AND ($6::text IS NULL OR "version" = $6)`,
      [ctx.model.id, req.tenant, req.feature, iso(fromMs), iso(toMs), version],
    );
    for (const r of rows) {
      if (!binsMatch(ctx, r.version, spec as FeatureSpec)) continue;
      r.counts.forEach((n, i) => bump(r.t, i, n));
    }
  }

  const current = new Array<number>(width).fill(0);
  for (const c of hourly.values()) c.forEach((n, i) => (current[i] = (current[i] as number) + n));
  const cell = judge(req.feature, baseline.counts, current, order, ctx);
  const b = proportionsOrNull(baseline.counts);
  const c = proportionsOrNull(current);
  const minHour = minHourSample(ctx.thresholds.minSample);
  const series: DriftCellDetail["series"] = [];
  for (let t = fromMs; t < toMs; t += HOUR_MS) {
    const counts = hourly.get(t);
    const sample = counts ? total(counts) : 0;
    const judged = counts && baseline.counts && sample >= minHour;
    series.push({
      t: iso(t),
      sample,
      psi: judged ? psi(baseline.counts as number[], counts) : null,
      js: judged ? jsDistance(baseline.counts as number[], counts) : null,
    });
  }
  const th = ctx.thresholds;
  return {
    tenant: req.tenant,
    feature: req.feature,
    window,
    from: iso(fromMs),
    to: iso(now),
    version,
    baseline: baseline.info,
    cell,
    bins: labels.map((label, i) => ({ label, baseline: b[i] ?? null, current: c[i] ?? null })),
    series,
    minHourSample: minHour,
    thresholds: { psiWarn: th.psiWarn, psiAlert: th.psiAlert, jsAlert: th.jsAlert, minSample: th.minSample },
  };
}
