/**
 * Prediction retention: predictions older than the window (ROLLGATE_PREDICTION_RETENTION_DAYS,
 * default 30) go, by a periodic job. Rollups (MetricMinute, MetricRollup) are kept.
 *
 * Prediction is partitioned by UTC day (partitions.ts). Each pass:
 *   1. creates the partitions of yesterday … today + AHEAD_DAYS that are missing, so rows
 *      arrive in a day partition rather than the default one;
 *   2. detaches and drops every day partition lying entirely before the window's start: a
 *      day of rows goes in one catalogue change, whatever its size;
 *   3. deletes what is left before the window's start in batches of `batchSize` rows per
 *      statement: the rows of the day the window starts in, and those in the default partition.
 * Each pass also deletes captured replay requests (ReplayRecord) past their model's policy
 * `replay.retentionDays`.
 * Several app instances may run it at once: partition changes are serialised by an advisory
 * lock, and each DELETE takes whatever old rows are left.
 *
 * A database role that does not own Prediction (the least-privilege runtime role) cannot create
 * or drop partitions: the pass then says so once, rows land in the default partition, and step 3
 * deletes them; `schemaOwner` gives the job the owner's connection for steps 1 and 2.
 *
 * server.ts starts `retentionJob(database, { retentionDays, schemaOwner })` with the other jobs,
 * the owner being the ROLLGATE_MIGRATION_DATABASE_URL connection when the app runs as the
 * least-privilege role, and stops it on shutdown.
 */
// No "server-only" marker: server.ts imports this module directly under tsx, outside Next's
// react-server condition, where the marker throws.
import type { Database } from "../database/open";
import { defineJob, type Job } from "../jobs";
import { DEFAULT_POLICY } from "../policy";
import { configureTelemetry } from "./config";
import { DAY_MS, dropExpiredPartitions, ensurePredictionPartitions } from "./partitions";
import { DEFAULT_RETENTION_DAYS } from "./schemas";
import { sqlQuery } from "./sql";

/** Day partitions made ahead of today, so a day exists before its first row arrives. */
export const AHEAD_DAYS = 7;

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
  /** the schema owner's connection, for creating and dropping partitions (default: `database`) */
  schemaOwner?: Database;
  /** the clock (tests pin it) */
  now?: () => number;
};

export type RetentionPass = {
  created: string[];
  dropped: string[];
  /** rows in the dropped partitions (PostgreSQL's estimate for analysed ones) */
  droppedRows: number;
  /** rows deleted one batch at a time */
  deleted: number;
  /** why partitions could not be managed, when they could not */
  partitionsUnmanaged: string | null;
  /** a partition change gave up waiting for Prediction's lock (busy ingest); the next pass tries again */
  partitionsDeferred: boolean;
  /** captured replay requests deleted, each model past its own policy replay.retentionDays */
  replayDeleted: number;
};

const sqlState = (e: unknown) => (e as { code?: unknown } | null)?.code;
/** insufficient_privilege: no CREATE on the schema, or "must be owner of table Prediction" */
const isNotOwner = (e: unknown) => sqlState(e) === "42501";
/** lock_not_available: lock_timeout ran out */
const isLockTimeout = (e: unknown) => sqlState(e) === "55P03";

/**
 * One pass of the job: partitions ahead, whole days dropped, the rest deleted in batches.
 */
export async function expirePredictions(
  database: Database,
  opts: { now: number; retentionDays: number; schemaOwner?: Database; batchSize?: number; maxBatches?: number },
): Promise<RetentionPass> {
  const before = new Date(opts.now - opts.retentionDays * DAY_MS);
  const owner = opts.schemaOwner ?? database;
  const pass: RetentionPass = {
    created: [],
    dropped: [],
    droppedRows: 0,
    deleted: 0,
    partitionsUnmanaged: null,
    partitionsDeferred: false,
    replayDeleted: 0,
  };
  try {
    pass.created = await ensurePredictionPartitions(owner, { fromMs: opts.now - DAY_MS, toMs: opts.now + AHEAD_DAYS * DAY_MS });
    const dropped = await dropExpiredPartitions(owner, before);
    pass.dropped = dropped.partitions;
    pass.droppedRows = dropped.rowsEstimate;
  } catch (e) {
    if (isNotOwner(e)) pass.partitionsUnmanaged = String((e as Error).message);
    else if (isLockTimeout(e)) pass.partitionsDeferred = true;
    else throw e;
  }
  pass.deleted = await deleteExpiredPredictions(database, { before, batchSize: opts.batchSize, maxBatches: opts.maxBatches });
  pass.replayDeleted = await deleteExpiredReplayRecords(database, {
    now: opts.now,
    batchSize: opts.batchSize,
    maxBatches: opts.maxBatches,
  });
  return pass;
}

/** A model's replay.retentionDays as stored (validated on write): the default when absent. */
const REPLAY_DAYS_SQL = `CASE WHEN jsonb_typeof(m."policy"->'replay'->'retentionDays') = 'number'
  THEN (m."policy"->'replay'->>'retentionDays')::numeric ELSE ${DEFAULT_POLICY.replay.retentionDays} END`;

/**
 * Deletes captured replay requests (ReplayRecord) older than their model's
 * `replay.retentionDays`, `batchSize` rows per statement. Frozen sets hold their own copies and
 * expire on their own schedule (lib/replay).
 */
export async function deleteExpiredReplayRecords(
  database: Database,
  opts: { now: number; batchSize?: number; maxBatches?: number },
): Promise<number> {
  return deleteInBatches(
    database,
    `WITH old AS (
       SELECT r."modelId", r."requestId" FROM "ReplayRecord" r JOIN "Model" m ON m."id" = r."modelId"
       WHERE r."ts" < $1::timestamp(3) - make_interval(days => (${REPLAY_DAYS_SQL})::int)
       LIMIT $2),
     gone AS (
       DELETE FROM "ReplayRecord" x USING old WHERE x."modelId" = old."modelId" AND x."requestId" = old."requestId"
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    new Date(opts.now).toISOString(),
    opts,
  );
}

/**
 * Deletes predictions with ts before `before`, `batchSize` rows per statement; returns the count.
 * PostgreSQL prunes the partitions lying entirely after `before`, so after the expired days are
 * dropped this reads the window's first day and the default partition only.
 */
export async function deleteExpiredPredictions(
  database: Database,
  opts: { before: Date; batchSize?: number; maxBatches?: number },
): Promise<number> {
  // the subquery walks the ts index from the oldest row; ctid keeps the delete cheap
  return deleteInBatches(
    database,
    `WITH gone AS (
       DELETE FROM "Prediction" WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM "Prediction" WHERE "ts" < $1::timestamp(3) ORDER BY "ts" LIMIT $2))
       RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    opts.before.toISOString(),
    opts,
  );
}

/** Runs a DELETE of at most $2 rows (its count as `n`) until a batch comes back short; returns the total. */
async function deleteInBatches(
  database: Database,
  sql: string,
  first: string,
  opts: { batchSize?: number; maxBatches?: number },
): Promise<number> {
  const batchSize = opts.batchSize ?? 5_000;
  const maxBatches = opts.maxBatches ?? 1_000;
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = (await sqlQuery<{ n: number }>(database, sql, [first, batchSize]))[0]?.n ?? 0;
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
  let warned = false;
  return defineJob({
    name: "retention",
    every,
    firstAfter: opts.firstRunDelayMs ?? 30_000,
    backoff: { initialMs: every, maxMs: 60 * 60_000 },
    log,
    random: opts.random,
    run: async () => {
      const pass = await expirePredictions(database, {
        now: (opts.now ?? Date.now)(),
        retentionDays,
        schemaOwner: opts.schemaOwner,
        batchSize: opts.batchSize,
        maxBatches: opts.maxBatchesPerRun,
      });
      if (pass.partitionsUnmanaged && !warned) {
        warned = true;
        log(
          `retention: cannot create or drop Prediction's day partitions (${pass.partitionsUnmanaged}); new rows go to the default partition and are deleted in batches`,
        );
      }
      if (pass.partitionsDeferred) log("retention: Prediction was too busy to change its partitions; the next pass tries again");
      if (pass.created.length > 0) log(`retention: created prediction partitions ${pass.created.join(", ")}`);
      if (pass.dropped.length > 0) {
        log(
          `retention: dropped ${pass.dropped.length} day partition${pass.dropped.length === 1 ? "" : "s"} (${pass.dropped.join(", ")}; ≈ ${Math.round(pass.droppedRows)} predictions) older than ${retentionDays} days`,
        );
      }
      if (pass.deleted > 0) log(`retention: deleted ${pass.deleted} predictions older than ${retentionDays} days`);
      if (pass.replayDeleted > 0)
        log(`retention: deleted ${pass.replayDeleted} captured replay requests past their model's replay.retentionDays`);
    },
  });
}
