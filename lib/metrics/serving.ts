/**
 * Per model and version serving figures for Prometheus, read at scrape time from the daily
 * rollups over all tenants: they only ever grow (telemetry is added, never subtracted; retention
 * deletes prediction rows, not rollups), so they are exposed as counters and `rate()` works on
 * them. The stored latency histogram (2 % wide buckets) is collapsed onto the usual `le` bounds;
 * a bucket counts under the first bound at or above its upper edge.
 */
// No "server-only" marker: server.ts reaches this module through exposition.ts.
import type { Tx } from "../database/types";
import { ERROR_CLASSES } from "../telemetry/error-classes";
import { bucketUpperMs } from "../telemetry/histogram";
import { SECONDS_BUCKETS, type Family } from "./registry";

type Row = {
  model: string;
  version: string;
  count: bigint | number;
  errorCount: bigint | number;
  errSchema: bigint | number;
  errTimeout: bigint | number;
  errUpstream: bigint | number;
  errModel: bigint | number;
  latencySum: number;
};

const CLASS_COLUMNS = { schema: "errSchema", timeout: "errTimeout", upstream: "errUpstream", model: "errModel" } as const;

/** For each stored latency bucket, the index of the `le` bound it counts under (bounds.length = +Inf only). */
const LE_OF_BUCKET: number[] = [];
function leIndex(i: number): number {
  const cached = LE_OF_BUCKET[i];
  if (cached !== undefined) return cached;
  const upper = bucketUpperMs(i) / 1000;
  let k = SECONDS_BUCKETS.findIndex((b) => upper <= b + 1e-12);
  if (k === -1) k = SECONDS_BUCKETS.length;
  LE_OF_BUCKET[i] = k;
  return k;
}

/** With `all`, at most this many tenants (the busiest) get series; the rest are counted as omitted. */
export const MAX_TENANTS_ALL = 200;

export type TenantSelection = { kind: "none" } | { kind: "all" } | { kind: "list"; tenants: string[] };

export async function servingFamilies(db: Tx, tenants: TenantSelection = { kind: "none" }): Promise<Family[]> {
  const families = build("rollgate_model", false, await readRollups(db, [ALL_TENANTS]));
  if (tenants.kind !== "none") families.push(...(await tenantFamilies(db, tenants)));
  return families;
}

const ALL_TENANTS = "*";

type Hist = { model: string; version: string; tenant: string; latencyHist: number[] };
type Rollups = { rows: (Row & { tenant: string })[]; hists: Hist[] };

/** The daily rollups of these tenants ("*": all of them together), summed per model, version and tenant. */
async function readRollups(db: Tx, tenants: readonly string[]): Promise<Rollups> {
  const rows = await db.$queryRaw<Rollups["rows"]>`
    SELECT m."key" AS "model", r."version", r."tenant",
           SUM(r."count")::bigint AS "count", SUM(r."errorCount")::bigint AS "errorCount",
           SUM(r."errSchema")::bigint AS "errSchema", SUM(r."errTimeout")::bigint AS "errTimeout",
           SUM(r."errUpstream")::bigint AS "errUpstream", SUM(r."errModel")::bigint AS "errModel",
           SUM(r."latencySum")::float8 AS "latencySum"
    FROM "MetricRollup" r JOIN "Model" m ON m."id" = r."modelId"
    WHERE r."grain" = 'day' AND r."tenant" = ANY(${tenants}::text[])
    GROUP BY m."key", r."version", r."tenant"
    ORDER BY m."key", r."version", r."tenant"`;
  // histograms are summed in build(): PostgreSQL has no element-wise SUM over int[]
  const hists = await db.$queryRaw<Hist[]>`
    SELECT m."key" AS "model", r."version", r."tenant", r."latencyHist"
    FROM "MetricRollup" r JOIN "Model" m ON m."id" = r."modelId"
    WHERE r."grain" = 'day' AND r."tenant" = ANY(${tenants}::text[])`;
  return { rows, hists };
}

async function tenantFamilies(db: Tx, selection: Exclude<TenantSelection, { kind: "none" }>): Promise<Family[]> {
  const all = selection.kind === "all";
  const listed = all ? [] : selection.tenants;
  // the tenants that get series: the listed ones, or the busiest under `all`
  const ranked = await db.$queryRaw<{ tenant: string }[]>`
    SELECT r."tenant" FROM "MetricRollup" r
    WHERE r."grain" = 'day' AND r."tenant" <> ${ALL_TENANTS} AND (${all} OR r."tenant" = ANY(${listed}::text[]))
    GROUP BY r."tenant" ORDER BY SUM(r."count") DESC, r."tenant"`;
  const chosen = ranked.slice(0, all ? MAX_TENANTS_ALL : ranked.length).map((r) => r.tenant);
  const families = build("rollgate_model_tenant", true, await readRollups(db, chosen));
  families.push({
    name: "rollgate_metrics_tenants_omitted",
    help: `Tenants with traffic left out of the per-tenant series (ROLLGATE_METRICS_TENANTS=all keeps the ${MAX_TENANTS_ALL} busiest).`,
    type: "gauge",
    series: [{ labels: {}, value: ranked.length - chosen.length }],
  });
  return families;
}

function build(prefix: string, byTenant: boolean, { rows, hists }: Rollups): Family[] {
  const by = byTenant ? ", tenant" : "";
  const keyOf = (r: { model: string; version: string; tenant: string }) => `${r.model}\u0000${r.version}\u0000${r.tenant}`;
  const merged = new Map<string, number[]>();
  for (const h of hists) {
    const key = keyOf(h);
    const into = merged.get(key) ?? new Array<number>(SECONDS_BUCKETS.length + 1).fill(0);
    (h.latencyHist ?? []).forEach((n, i) => {
      if (n) into[leIndex(i)]! += n;
    });
    merged.set(key, into);
  }

  const requests: Family = {
    name: `${prefix}_requests_total`,
    help: `Prediction requests reported, by model, version${by}.`,
    type: "counter",
    series: [],
  };
  const errors: Family = {
    name: `${prefix}_errors_total`,
    help: `Failed prediction requests reported, by model, version${by} and error class (schema, timeout, upstream, model, other).`,
    type: "counter",
    series: [],
  };
  const latency: Family = {
    name: `${prefix}_latency_seconds`,
    help: `Prediction latency reported, by model, version${by} (from Rollgate's 2 %-wide buckets).`,
    type: "histogram",
    bounds: SECONDS_BUCKETS,
    series: [],
  };
  for (const r of rows) {
    const labels: Record<string, string> = { model: r.model, version: r.version };
    if (byTenant) labels.tenant = r.tenant;
    const count = Number(r.count);
    requests.series.push({ labels, value: count });
    let classified = 0;
    for (const cls of ERROR_CLASSES) {
      const n = Number(r[CLASS_COLUMNS[cls]]);
      classified += n;
      errors.series.push({ labels: { ...labels, class: cls }, value: n });
    }
    errors.series.push({ labels: { ...labels, class: "other" }, value: Math.max(0, Number(r.errorCount) - classified) });
    const perLe = merged.get(keyOf(r)) ?? new Array<number>(SECONDS_BUCKETS.length + 1).fill(0);
    const cumulative: number[] = [];
    let running = 0;
    for (let k = 0; k < SECONDS_BUCKETS.length; k++) cumulative.push((running += perLe[k] ?? 0));
    // events without a latency are counted as requests, not in the histogram
    latency.series.push({ labels, buckets: cumulative, sum: r.latencySum / 1000, count: running + (perLe[SECONDS_BUCKETS.length] ?? 0) });
  }
  return [requests, errors, latency];
}
