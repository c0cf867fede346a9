/**
 * Why a request id has no prediction row. The lookup knows the id only, not the model it was
 * sent to, so it checks every model whose policy keeps request-level rows for a share of its
 * requests below 1 (predictions.sampleRate; few models, one small query) — or only the model
 * the caller names — and reports those whose sample would have left the id out (sampling.ts).
 * The id may still never have been sent: the answer says "if it was sent to …", unless the
 * caller named the model. The rate checked is the policy's current one.
 */
import type { Database } from "../database/open";
import { formatShare, keepsRequest, sampleRateOf } from "./sampling";
import { sqlQuery } from "./sql";

export type SampledOut = { model: string; sampleRate: number };

/** The models whose current sample leaves `requestId` out (only `model`, when given). */
export async function sampledOutBy(database: Database, requestId: string, model?: string): Promise<SampledOut[]> {
  const rows = await sqlQuery<{ key: string; rate: unknown }>(
    database,
    `SELECT "key", "policy"->'predictions'->'sampleRate' AS "rate" FROM "Model"
     WHERE "policy" ? 'predictions' AND ($1::text IS NULL OR "key" = $1) ORDER BY "key"`,
    [model ?? null],
  );
  return rows
    .map((r) => ({ model: r.key, sampleRate: sampleRateOf(r.rate) }))
    .filter((m) => m.sampleRate < 1 && !keepsRequest(requestId, m.sampleRate));
}

const listed = (items: string[]) => (items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);

/**
 * The lookup's answer for an id without a row: why, when sampling explains it; `named` when the
 * caller said which model the request was sent to.
 */
export function missingPredictionMessage(requestId: string, retentionDays: number, sampled: SampledOut[], named = false): string {
  const never = `No prediction with request id "${requestId}" is recorded (predictions are kept for ${retentionDays} days).`;
  if (sampled.length === 0) return never;
  const keeps = sampled.map((s) => `"${s.model}" keeps ${formatShare(s.sampleRate)}`).join(", ");
  const why = `${keeps} of requests at request level (policy predictions.sampleRate) and this id falls outside that share; such requests are still counted in the metrics`;
  if (named) return `Request id "${requestId}" is not stored: model ${why}.`;
  return (
    `Request id "${requestId}" is not stored. If it was sent to model ${listed(sampled.map((s) => `"${s.model}"`))}, it was not kept: ` +
    `${why}. Otherwise it was never recorded, or is older than the ${retentionDays} days predictions are kept.`
  );
}
