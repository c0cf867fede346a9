/**
 * The write side of telemetry ingest: validated batches in, one transaction per write.
 *
 * A write is ONE transaction: the prediction rows (inserted, skipping request ids already
 * recorded), then the additive upserts of MetricMinute, MetricRollup and FeatureHistogram for
 * exactly the rows that transaction inserted. A batch's rows are never split across writes, so a
 * batch is stored whole or not at all.
 *
 * Batches that arrive while the database is busy with earlier writes wait and then go together,
 * in one write (group commit). Concurrent senders mostly report the same minutes, tenants and
 * versions, so the rollup rows they touch are the same ~hundreds: one upsert for several batches
 * instead of one each, one commit, and no batch waiting on another's row locks. A batch that
 * arrives when a slot is free is written at once, alone: grouping adds no wait.
 *
 * If a grouped write fails on the data itself (a value out of range, say), every batch in it is
 * written again alone, so one batch's bad row fails that batch only. Any other failure (the
 * database gone, a timeout) fails every batch of the write, each free to retry. (The queue and
 * its grouping: write-queue.ts.)
 *
 * An event of a model that keeps request-level rows for a sample of its requests only (policy
 * predictions.sampleRate, sampling.ts) and whose id falls outside the sample has no prediction
 * row: it is counted in the rollups of the same transaction, and in the batch's accepted count.
 * With no row to conflict on, such an event sent again in a later batch is counted again; within
 * a batch it is counted once.
 *
 * A batch is prepared before it waits (prepareBatch): its COPY text, its rollup rows and feature
 * histograms are built while the request's parsed events are fresh, so on PostgreSQL what waits
 * is a buffer and a few hundred rows, not thousands of objects the garbage collector would have
 * to carry along. (PGlite takes the rows as JSON; they wait as objects.)
 */
import "server-only";
import type { Database } from "../database/open";
import { UnavailableError } from "../errors";
import { formatCount } from "../format/numbers";
import {
  foldFeatures,
  histogramsJson,
  mergeHistograms,
  upsertFeatureHistogramsSql,
  type FeatureFoldInput,
  type HistogramRow,
} from "../drift/fold";
import { loadFeatureSpecs } from "../drift/specs";
import {
  COPY_PREDICTIONS_SQL,
  COPY_STAGING_SQL,
  CREATE_STAGING_SQL,
  INSERT_PREDICTIONS_JSON_SQL,
  INSERT_PREDICTIONS_STAGED_SQL,
  keptLines,
  predictionsCopyText,
  type CopyText,
  type PredictionRow,
} from "./prediction-rows";
import { foldEvents, mergeFolds, rowsJson, upsertMinutesSql, upsertRollupsSql, type FoldInput, type FoldResult } from "./rollup";
import { isRetryableConflict, withSqlTransaction, type SqlCopy, type SqlQuery } from "./sql";
import { collect } from "../metrics/registry";
import { insertReplayRows, type ReplayRow } from "./replay-rows";
import { WriteQueue } from "./write-queue";

/**
 * One accepted event of a batch: its fold input (with features), its prediction row unless
 * sampled out, and its replay row (already scrubbed) when the model captures it.
 */
export type PreparedEvent = { fold: FoldInput & FeatureFoldInput; row: PredictionRow; sampledOut?: boolean; replay?: ReplayRow };

/** A batch ready to write (request ids unique within it). */
export type PreparedBatch = {
  /** sorted; ids[i] is folds[i]'s request id (the events whose row is stored) */
  ids: string[];
  folds: (FoldInput & FeatureFoldInput)[];
  /** the events counted without a row (sampled out) */
  unstored: (FoldInput & FeatureFoldInput)[];
  /** the rows as COPY text (PostgreSQL), or as they are (PGlite: sent as JSON) */
  rows: { copy: CopyText } | { objects: PredictionRow[] };
  /** every event's, stored or not */
  fold: FoldResult;
  histograms: HistogramRow[];
  /** rows for ReplayRecord; `stored`: the event has a prediction row (else it was sampled out) */
  replay: { row: ReplayRow; stored: boolean }[];
};

/**
 * The three additive upserts as one statement: the rollup rows are the ones concurrent writes
 * share, locked from this statement to the commit, so one round trip holds them for less time.
 * ($1 minutes, $2 coarser tiers, $3 feature histograms; an empty JSON array writes nothing.)
 */
const UPSERT_ALL_SQL = `WITH minutes AS (${upsertMinutesSql("$1")}),
rollups AS (${upsertRollupsSql("$2")}),
features AS (${upsertFeatureHistogramsSql("$3")})
SELECT 1`;

/**
 * How many writes run at once, per server process. One: concurrent writes would lock the same
 * rollup rows and wait for each other anyway, and with one the batches that arrive meanwhile
 * share the next write, which costs PostgreSQL about a third less CPU per event (BENCHMARKS.md).
 */
export const CONCURRENT_WRITES = 1;
/** At most this many events in a grouped write; a larger batch still goes, alone. */
export const MAX_GROUP_EVENTS = 20_000;
/** At most this many events wait for the writer (20 full batches); past it a batch gets 503. */
export const MAX_QUEUED_EVENTS = 100_000;

const byRequestId = (a: PreparedEvent, b: PreparedEvent) =>
  a.row.requestId < b.row.requestId ? -1 : a.row.requestId > b.row.requestId ? 1 : 0;

/** Builds what the write needs from a batch's accepted events (request ids unique). */
export async function prepareBatch(database: Database, events: PreparedEvent[]): Promise<PreparedBatch> {
  // a stable lock order between concurrent writes that share request ids
  events.sort(byRequestId);
  const stored = events.some((e) => e.sampledOut) ? events.filter((e) => !e.sampledOut) : events;
  const rows = stored.map((e) => e.row);
  const folds = stored.map((e) => e.fold);
  const unstored = stored === events ? [] : events.filter((e) => e.sampledOut).map((e) => e.fold);
  const all = unstored.length === 0 ? folds : events.map((e) => e.fold);
  const withFeatures = all.filter((f) => f.features !== undefined);
  const specsOf = withFeatures.length > 0 ? await loadFeatureSpecs(database, withFeatures) : null;
  const text = database.driver.kind === "pg" ? { copy: predictionsCopyText(rows) } : { objects: rows };
  await yieldToIo();
  return {
    ids: rows.map((r) => r.requestId),
    folds,
    unstored,
    rows: text,
    fold: foldEvents(all),
    histograms: specsOf ? foldFeatures(withFeatures, specsOf) : [],
    replay: events.flatMap((e) => (e.replay ? [{ row: e.replay, stored: !e.sampledOut }] : [])),
  };
}

/**
 * Lets pending I/O run between the long synchronous steps of preparing a batch: a write in
 * flight answers its database round trips sooner, and holds its rollup row locks for less time.
 */
export const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** SQLSTATE classes 22 (data exception) and 23 (integrity constraint): the rows, not the database. */
function isDataError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("22") || code.startsWith("23"));
}

const writers = new WeakMap<Database, WriteQueue<PreparedBatch>>();

/** The database's writer: one per database handle, shared by every ingest request. */
export function batchWriter(database: Database): WriteQueue<PreparedBatch> {
  let w = writers.get(database);
  if (!w) {
    w = new WriteQueue<PreparedBatch>((batches) => writeGroup(database, batches), {
      concurrency: CONCURRENT_WRITES,
      maxGroupSize: MAX_GROUP_EVENTS,
      maxQueuedSize: MAX_QUEUED_EVENTS,
      overloaded: (queued) =>
        new UnavailableError(`Telemetry ingest is behind: ${formatCount(queued)} events are waiting to be written. Send again shortly.`, 1),
      sizeOf: (b) => b.ids.length + b.unstored.length,
      isolateOn: isDataError,
    });
    writers.set(database, w);
    const queue = w;
    collect("telemetry_queue", () => {
      const q = queue.stats();
      return [
        {
          name: "rollgate_telemetry_queue_events",
          help: `Telemetry events accepted and waiting to be written; past ${MAX_QUEUED_EVENTS} a batch gets 503.`,
          type: "gauge",
          series: [{ labels: {}, value: q.queuedSize }],
        },
        {
          name: "rollgate_telemetry_writes_running",
          help: "Telemetry writes in flight.",
          type: "gauge",
          series: [{ labels: {}, value: q.running }],
        },
      ];
    });
  }
  return w;
}

/** Rows inserted by a write: how many and, unless it was every row offered, which. */
type Inserted = { n: number; fresh: Set<string> | null };

/** The batches' COPY texts (PostgreSQL), in order. */
const copyTexts = (batches: readonly PreparedBatch[]) => batches.map((b) => (b.rows as { copy: CopyText }).copy);
const joined = (texts: readonly CopyText[]) => (texts.length === 1 ? texts[0]!.data : Buffer.concat(texts.map((t) => t.data)));

/**
 * The direct way (prediction-rows.ts): COPY straight into Prediction, leaving out ids offered
 * earlier in the group. An id recorded before makes the COPY fail on the primary key, and the
 * writer then runs the write again the skipping way.
 */
async function insertDirect(copy: SqlCopy, batches: readonly PreparedBatch[]): Promise<Inserted> {
  const texts = copyTexts(batches);
  const all = batches.length === 1 ? batches[0]!.ids : batches.flatMap((b) => b.ids);
  const unique = batches.length === 1 ? null : new Set(all);
  if (!unique || unique.size === all.length) {
    await copy(COPY_PREDICTIONS_SQL, joined(texts));
    return { n: all.length, fresh: null };
  }
  const seen = new Set<string>();
  const kept = keptLines(texts, (i) => {
    const id = all[i]!;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  await copy(COPY_PREDICTIONS_SQL, kept.data);
  return { n: kept.rows, fresh: unique };
}

/** The skipping way: staging table (PostgreSQL) or JSON (PGlite), then INSERT … ON CONFLICT DO NOTHING. */
async function insertSkipping(q: SqlQuery, copy: SqlCopy | null, batches: readonly PreparedBatch[]): Promise<Inserted> {
  const offered = batches.reduce((n, b) => n + b.ids.length, 0);
  let counted: { n: number; fresh: string[] | null } | undefined;
  if ("copy" in batches[0]!.rows) {
    if (!copy) throw new Error("COPY rows on a driver without COPY");
    await q(CREATE_STAGING_SQL);
    await copy(COPY_STAGING_SQL, joined(copyTexts(batches)));
    [counted] = await q<{ n: number; fresh: string[] | null }>(INSERT_PREDICTIONS_STAGED_SQL, [offered]);
  } else {
    const rows = batches.flatMap((b) => (b.rows as { objects: PredictionRow[] }).objects);
    [counted] = await q<{ n: number; fresh: string[] | null }>(INSERT_PREDICTIONS_JSON_SQL, [JSON.stringify(rows), offered]);
  }
  return { n: counted?.n ?? 0, fresh: counted?.fresh ? new Set(counted.fresh) : null };
}

/**
 * The primary key of Prediction refused a row: a concurrent write recorded it first. PostgreSQL
 * names the day partition that refused it ("Prediction_p20261206", "Prediction_default").
 */
function isRecordedMeanwhile(e: unknown): boolean {
  const err = e as { code?: unknown; table?: unknown } | null;
  return err?.code === "23505" && typeof err.table === "string" && (err.table === "Prediction" || err.table.startsWith("Prediction_"));
}

/** The replay rows of events this write counts: every stored row it inserted, every sampled-out event. */
function countedReplayRows(batches: readonly PreparedBatch[], fresh: Set<string> | null): ReplayRow[] {
  if (!batches.some((b) => b.replay.length > 0)) return [];
  const seen = new Set<string>();
  const out: ReplayRow[] = [];
  for (const b of batches) {
    for (const { row, stored } of b.replay) {
      if (stored && fresh && !fresh.has(row.requestId)) continue;
      const key = `${row.modelId}\u0000${row.requestId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(row);
    }
  }
  return out;
}

/**
 * Writes batches in one transaction; returns how many events each counted: its rows inserted
 * and its events sampled out. A request id offered by two batches of a group belongs to the
 * first: its row comes first, so it is the one stored, and the later batch counts the id as a
 * duplicate, as it would have a moment later.
 */
async function writeGroup(database: Database, batches: PreparedBatch[]): Promise<number[]> {
  const optimistic = batches.length === 1 ? batches[0]!.fold : mergeFolds(batches.map((b) => b.fold));
  const optimisticHistograms = batches.length === 1 ? batches[0]!.histograms : mergeHistograms(batches.map((b) => b.histograms));
  let direct = "copy" in batches[0]!.rows;
  const offered = batches.reduce((n, b) => n + b.ids.length, 0);
  const unstored = batches.reduce((n, b) => n + b.unstored.length, 0);

  for (let attempt = 1; ; attempt++) {
    try {
      return await withSqlTransaction(database, async (q, copy) => {
        const inserted: Inserted =
          offered === 0
            ? { n: 0, fresh: null }
            : direct && copy
              ? await insertDirect(copy, batches)
              : await insertSkipping(q, copy, batches);
        if (inserted.n === 0 && unstored === 0) return batches.map(() => 0);
        let fold = optimistic;
        let histograms = optimisticHistograms;
        let counts = batches.map((b) => b.ids.length + b.unstored.length);
        // none of the rows offered went in: the skipping statement then reports no list
        const fresh = inserted.fresh ?? (inserted.n < offered ? new Set<string>() : null);
        if (fresh) {
          // some ids were recorded already (or offered twice in the group): fold what was inserted
          const claimed = new Set<string>();
          const freshFolds: (FoldInput & FeatureFoldInput)[] = batches.flatMap((b) => b.unstored);
          counts = batches.map((b) => {
            let n = b.unstored.length;
            b.ids.forEach((id, i) => {
              if (!fresh.has(id) || claimed.has(id)) return;
              claimed.add(id);
              freshFolds.push(b.folds[i]!);
              n++;
            });
            return n;
          });
          fold = foldEvents(freshFolds);
          const withFeatures = freshFolds.filter((f) => f.features !== undefined);
          // cached since prepareBatch loaded them: no query here
          histograms = withFeatures.length > 0 ? foldFeatures(withFeatures, await loadFeatureSpecs(database, withFeatures)) : [];
        }
        await q(UPSERT_ALL_SQL, [rowsJson(fold.minutes), rowsJson(fold.rollups), histogramsJson(histograms)]);
        // a request is captured for replay when its event is counted by this write
        await insertReplayRows(q, countedReplayRows(batches, fresh));
        return counts;
      });
    } catch (e) {
      // some of the ids were recorded already (a sender's retry, or a concurrent write of them)
      if (direct && isRecordedMeanwhile(e)) {
        direct = false;
        continue;
      }
      // a deadlock victim rolled back entirely; running it again is safe
      if (attempt < 3 && isRetryableConflict(e)) continue;
      throw e;
    }
  }
}
