import type { Tx } from "../database/types";
import { manifestQualityMetric } from "./quality-label";
import type { QualityMetrics } from "./quality-label";

/** The online quality metric each version of a model names in its manifest (versions naming none are absent). */
export async function qualityMetricsOf(db: Tx, modelKey: string): Promise<QualityMetrics> {
  const rows = await db.modelVersion.findMany({ where: { model: { key: modelKey } }, select: { version: true, manifest: true } });
  const out: QualityMetrics = {};
  for (const r of rows) {
    const metric = manifestQualityMetric(r.manifest);
    if (metric) out[r.version] = metric;
  }
  return out;
}
