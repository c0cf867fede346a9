/**
 * Prediction retention: predictions older than the window (ROLLGATE_PREDICTION_RETENTION_DAYS,
 * default 30) are deleted in batches of `batchSize` rows per statement on a periodic timer, so
 * no statement holds many locks or runs long. Rollups (MetricMinute, MetricRollup) are kept.
 * Several app instances may run it at once: each DELETE takes whatever old rows are left.
 *
 * server.ts: `const stopRetention = startRetention(database, { retentionDays: env.predictionRetentionDays });`
 * and `stopRetention()` on shutdown.
 */
// No "server-only" marker: server.ts imports this module directly under tsx, outside Next's
// react-server condition, where the marker throws.
import type { Database } from "../database/open";
import { configureTelemetry } from "./config";
import { DEFAULT_RETENTION_DAYS } from "./schemas";
import { sqlQuery } from "./sql";

export type RetentionOptions = {
  /** the window in days (default 30) */
  retentionDays?: number;
  /** rows per DELETE (default 5,000) */
  batchSize?: number;
  /** time between runs (default 10 minutes); the first run starts after `firstRunDelayMs` */
  intervalMs?: number;
  firstRunDelayMs?: number;
  /** at most this many batches per run, so one run cannot go on for ever (default 1,000) */
  maxBatchesPerRun?: number;
  log?: (message: string) => void;
};

/** Deletes predictions with ts before `before`, `batchSize` rows per statement; returns the count. */
export async function deleteExpiredPredictions(
  database: Database,
  opts: { before: Date; batchSize?: number; maxBatches?: number },
): Promise<number> {
  const batchSize = opts.batchSize ?? 5_000;
  const maxBatches = opts.maxBatches ?? 1_000;
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    // the subquery walks the ts index from the oldest row; ctid keeps the delete cheap
    const rows = await sqlQuery<{ n: number }>(
      database,
      `WITH gone AS (
         DELETE FROM "Prediction" WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM "Prediction" WHERE "ts" < $1::timestamp(3) ORDER BY "ts" LIMIT $2))
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [opts.before.toISOString(), batchSize],
    );
    const n = rows[0]?.n ?? 0;
    total += n;
    if (n < batchSize) break;
  }
  return total;
}

/**
 * Starts the periodic retention job and makes the window the ingest's too (events older than
 * it are refused). Returns stop(), which cancels the timer and waits for a running pass.
 */
export function startRetention(database: Database, opts: RetentionOptions = {}): () => Promise<void> {
  const retentionDays = opts.retentionDays ?? DEFAULT_RETENTION_DAYS;
  configureTelemetry({ retentionDays });
  const log = opts.log ?? ((m: string) => console.log(`[rollgate] ${m}`));
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const pass = async () => {
    try {
      const before = new Date(Date.now() - retentionDays * 86_400_000);
      const n = await deleteExpiredPredictions(database, {
        before,
        batchSize: opts.batchSize,
        maxBatches: opts.maxBatchesPerRun,
      });
      if (n > 0) log(`retention: deleted ${n} predictions older than ${retentionDays} days`);
    } catch (e) {
      // the database may be down for a while; the next pass tries again
      log(`retention: pass failed: ${(e as Error).message}`);
    }
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(() => {
        running = null;
        schedule(opts.intervalMs ?? 10 * 60_000);
      });
    }, ms);
    timer.unref();
  };
  schedule(opts.firstRunDelayMs ?? 30_000);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
