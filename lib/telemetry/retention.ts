/**
 * Prediction retention: predictions older than the window (ROLLGATE_PREDICTION_RETENTION_DAYS,
 * default 30) are deleted in batches of `batchSize` rows per statement by a periodic job, so
 * no statement holds many locks or runs long. Rollups (MetricMinute, MetricRollup) are kept.
 * Several app instances may run it at once: each DELETE takes whatever old rows are left.
 *
 * server.ts starts `retentionJob(database, { retentionDays: env.predictionRetentionDays })` with
 * the other jobs and stops it on shutdown.
 */
// No "server-only" marker: server.ts imports this module directly under tsx, outside Next's
// react-server condition, where the marker throws.
import type { Database } from "../database/open";
import { defineJob, type Job } from "../jobs";
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
  /** [0, 1), for the backoff's jitter */
  random?: () => number;
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
 * The periodic retention job. Defining it makes the window the ingest's too (events older than
 * it are refused). While the database is away the next pass waits longer, up to an hour.
 */
export function retentionJob(database: Database, opts: RetentionOptions = {}): Job {
  const retentionDays = opts.retentionDays ?? DEFAULT_RETENTION_DAYS;
  configureTelemetry({ retentionDays });
  const log = opts.log ?? ((m: string) => console.log(`[rollgate] ${m}`));
  const every = opts.intervalMs ?? 10 * 60_000;
  return defineJob({
    name: "retention",
    every,
    firstAfter: opts.firstRunDelayMs ?? 30_000,
    backoff: { initialMs: every, maxMs: 60 * 60_000 },
    log,
    random: opts.random,
    run: async () => {
      const before = new Date(Date.now() - retentionDays * 86_400_000);
      const n = await deleteExpiredPredictions(database, {
        before,
        batchSize: opts.batchSize,
        maxBatches: opts.maxBatchesPerRun,
      });
      if (n > 0) log(`retention: deleted ${n} predictions older than ${retentionDays} days`);
    },
  });
}
