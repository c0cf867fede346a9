/**
 * The ingest's fold of event features into hourly histogram rows, and the SQL that adds them
 * to FeatureHistogram. Pure apart from the SQL text.
 *
 * One row per (model, version, tenant, hour, feature) of the version's manifest features, with
 * counts on the slots of bins.ts. Features an event sends that the manifest does not list are
 * ignored (nothing to bin them on). Rows are sorted by key so concurrent batches lock shared
 * rows in the same order, as the metric rollups are.
 */
import { EventKeyMap } from "../telemetry/event-key-map";
import { pgIntArray } from "../telemetry/sql";
import { slotCount, slotOf, type FeatureSpec, type FeatureValue } from "./bins";

export type FeatureFoldInput = {
  modelId: string;
  version: string;
  tenant: string;
  atMs: number;
  features?: Record<string, FeatureValue>;
};

export type HistogramRow = { modelId: string; version: string; tenant: string; hour: string; feature: string; counts: number[] };

const HOUR_MS = 3_600_000;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `specsOf(modelId, version)`: the version's manifest features (empty or undefined: none). */
export function foldFeatures(
  events: Iterable<FeatureFoldInput>,
  specsOf: (modelId: string, version: string) => readonly FeatureSpec[] | undefined,
): HistogramRow[] {
  const rows: HistogramRow[] = [];
  // one row per spec for each (model, version, tenant, hour)
  const groups = new EventKeyMap<HistogramRow[]>();
  for (const e of events) {
    if (!e.features) continue;
    const specs = specsOf(e.modelId, e.version);
    if (!specs || specs.length === 0) continue;
    const hourMs = Math.floor(e.atMs / HOUR_MS) * HOUR_MS;
    let group = groups.get(e.modelId, e.version, e.tenant, hourMs);
    if (!group) {
      const hour = new Date(hourMs).toISOString();
      group = specs.map((spec) => ({
        modelId: e.modelId,
        version: e.version,
        tenant: e.tenant,
        hour,
        feature: spec.name,
        counts: new Array<number>(slotCount(spec)).fill(0),
      }));
      groups.set(e.modelId, e.version, e.tenant, hourMs, group);
      rows.push(...group);
    }
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i]!;
      const slot = slotOf(spec, Object.hasOwn(e.features, spec.name) ? e.features[spec.name] : undefined);
      const counts = group[i]!.counts;
      counts[slot] = (counts[slot] as number) + 1;
    }
  }
  return rows.sort(byKey);
}

const byKey = (a: HistogramRow, b: HistogramRow) =>
  cmp(a.modelId, b.modelId) || cmp(a.version, b.version) || cmp(a.tenant, b.tenant) || cmp(a.hour, b.hour) || cmp(a.feature, b.feature);

/** The sum of several folds (new rows; the inputs are left as they are), sorted by key. */
export function mergeHistograms(folds: readonly (readonly HistogramRow[])[]): HistogramRow[] {
  const rows = new Map<string, HistogramRow>();
  for (const f of folds) {
    for (const r of f) {
      const key = `${r.modelId}\u0000${r.version}\u0000${r.tenant}\u0000${r.hour}\u0000${r.feature}`;
      const row = rows.get(key);
      if (!row) {
        rows.set(key, { ...r, counts: [...r.counts] });
        continue;
      }
      for (let i = 0; i < r.counts.length; i++) row.counts[i] = (row.counts[i] ?? 0) + (r.counts[i] as number);
    }
  }
  return [...rows.values()].sort(byKey);
}

/** The upsert's parameter: the rows as JSON, counts as array text (read faster than JSON arrays). */
export function histogramsJson(rows: readonly HistogramRow[]): string {
  return JSON.stringify(rows.map((r) => ({ ...r, counts: pgIntArray(r.counts) })));
}

/** One multi-row upsert of the rows in `param` (histogramsJson); stored counts grow slot by slot (no read-modify-write). */
export const upsertFeatureHistogramsSql = (
  param = "$1",
) => `INSERT INTO "FeatureHistogram" AS t ("modelId", "version", "tenant", "hour", "feature", "counts")
SELECT "modelId", "version", "tenant", "hour", "feature", "counts"
FROM json_to_recordset(${param}::json) AS x("modelId" text, "version" text, "tenant" text, "hour" timestamp(3), "feature" text, "counts" int[])
ON CONFLICT ("modelId", "version", "tenant", "hour", "feature") DO UPDATE SET
  "counts" = ARRAY(SELECT COALESCE(a, 0) + COALESCE(b, 0) FROM unnest(t."counts", EXCLUDED."counts") WITH ORDINALITY AS u(a, b, i) ORDER BY i)`;
