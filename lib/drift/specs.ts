/**
 * The drift features of registered versions, for the ingest. A version's manifest never
 * changes once registered, so its features are cached per database handle; only versions not
 * seen before are read.
 */
// No "server-only" marker: the ingest bench and server.ts's module graph run under tsx.
import type { Database } from "../database/open";
import { sqlQuery } from "../telemetry/sql";
import { featuresOf, type FeatureSpec } from "./bins";

const caches = new WeakMap<Database, Map<string, FeatureSpec[]>>();
const keyOf = (modelId: string, version: string) => `${modelId}\u0000${version}`;

export type SpecLookup = (modelId: string, version: string) => readonly FeatureSpec[] | undefined;

/** Loads (or takes from the cache) the features of every (modelId, version) pair given. */
export async function loadFeatureSpecs(database: Database, pairs: Iterable<{ modelId: string; version: string }>): Promise<SpecLookup> {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map()));
  const missing = new Map<string, { modelId: string; version: string }>();
  for (const p of pairs) {
    const k = keyOf(p.modelId, p.version);
    if (!cache.has(k)) missing.set(k, p);
  }
  if (missing.size > 0) {
    const list = [...missing.values()];
    const rows = await sqlQuery<{ modelId: string; version: string; features: unknown }>(
      database,
      `SELECT v."modelId", v."version", v."manifest" -> 'features' AS "features"
       FROM "ModelVersion" v JOIN unnest($1::text[], $2::text[]) AS p(m, ver) ON v."modelId" = p.m AND v."version" = p.ver`,
      [list.map((p) => p.modelId), list.map((p) => p.version)],
    );
    for (const r of rows) cache.set(keyOf(r.modelId, r.version), featuresOf({ features: r.features }));
  }
  const c = cache;
  return (modelId, version) => c.get(keyOf(modelId, version));
}
