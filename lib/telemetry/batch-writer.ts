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
 * A batch is prepared before it waits (prepareBatch): its COPY text (or JSON, on PGlite), its
 * rollup rows and feature histograms are built while the request's parsed events are fresh, so
 * what waits is a buffer and a few hundred rows, not thousands of objects the garbage collector
 * would have to carry along.
 */
import "server-only";
import type { Database } from "../database/open";
import { foldFeatures, mergeHistograms, UPSERT_FEATURE_HISTOGRAMS_SQL, type FeatureFoldInput, type HistogramRow } from "../drift/fold";
import { loadFeatureSpecs, type SpecLookup } from "../drift/specs";
import {
  COPY_STAGING_SQL,
  CREATE_STAGING_SQL,
  INSERT_PREDICTIONS_JSON_SQL,
  INSERT_PREDICTIONS_STAGED_SQL,
  predictionsCopyText,
  predictionsJson,
  type PredictionRow,
} from "./prediction-rows";
import { foldEvents, mergeFolds, UPSERT_MINUTES_SQL, UPSERT_ROLLUPS_SQL, type FoldInput, type FoldResult } from "./rollup";
import { isRetryableConflict, withSqlTransaction } from "./sql";
import { WriteQueue } from "./write-queue";

/** One accepted event of a batch: its fold input (with features) and its prediction row. */
export type PreparedEvent = { fold: FoldInput & FeatureFoldInput; row: PredictionRow };

/** A batch ready to write (request ids unique within it). */
export type PreparedBatch = {
  /** sorted; ids[i] is folds[i]'s request id */
  ids: string[];
  folds: (FoldInput & FeatureFoldInput)[];
  /** the rows as COPY text (PostgreSQL) or as a JSON array (PGlite) */
  rows: { copy: Buffer } | { json: string };
  fold: FoldResult;
  histograms: HistogramRow[];
  specsOf: SpecLookup | null;
};

/** How many writes run at once on PostgreSQL (PGlite has one connection: one at a time). */
export const CONCURRENT_WRITES = 2;
/** At most this many events in a grouped write; a larger batch still goes, alone. */
export const MAX_GROUP_EVENTS = 20_000;

const byRequestId = (a: PreparedEvent, b: PreparedEvent) => (a.row.requestId < b.row.requestId ? -1 : a.row.requestId > b.row.requestId ? 1 : 0);

/** Builds what the write needs from a batch's accepted events (request ids unique). */
export async function prepareBatch(database: Database, events: PreparedEvent[]): Promise<PreparedBatch> {
  // a stable lock order between concurrent writes that share request ids
  events.sort(byRequestId);
  const rows = events.map((e) => e.row);
  const folds = events.map((e) => e.fold);
  const withFeatures = folds.filter((f) => f.features !== undefined);
  const specsOf = withFeatures.length > 0 ? await loadFeatureSpecs(database, withFeatures) : null;
  return {
    ids: rows.map((r) => r.requestId),
    folds,
    rows: database.driver.kind === "pg" ? { copy: predictionsCopyText(rows) } : { json: predictionsJson(rows) },
    fold: foldEvents(folds),
    histograms: specsOf ? foldFeatures(withFeatures, specsOf) : [],
    specsOf,
  };
}

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
      concurrency: database.driver.kind === "pg" ? CONCURRENT_WRITES : 1,
      maxGroupSize: MAX_GROUP_EVENTS,
      sizeOf: (b) => b.ids.length,
      isolateOn: isDataError,
    });
    writers.set(database, w);
  }
  return w;
}

function joinedRows(batches: readonly PreparedBatch[]): { copy: Buffer } | { json: string } {
  if (batches.length === 1) return batches[0]!.rows;
  const copies: Buffer[] = [];
  const jsons: string[] = [];
  for (const b of batches) {
    if ("copy" in b.rows) copies.push(b.rows.copy);
    else if (b.rows.json.length > 2) jsons.push(b.rows.json.slice(1, -1));
  }
  return copies.length > 0 ? { copy: Buffer.concat(copies) } : { json: `[${jsons.join(",")}]` };
}

/**
 * Writes batches in one transaction; returns how many rows each inserted. A request id offered
 * by two batches of a group belongs to the first: its row comes first, so it is the one stored,
 * and the later batch counts the id as a duplicate, as it would have a moment later.
 */
async function writeGroup(database: Database, batches: PreparedBatch[]): Promise<number[]> {
  const offered = batches.reduce((n, b) => n + b.ids.length, 0);
  const rows = joinedRows(batches);
  const optimistic = batches.length === 1 ? batches[0]!.fold : mergeFolds(batches.map((b) => b.fold));
  const optimisticHistograms = batches.length === 1 ? batches[0]!.histograms : mergeHistograms(batches.map((b) => b.histograms));

  for (let attempt = 1; ; attempt++) {
    try {
      return await withSqlTransaction(database, async (q, copy) => {
        let counted: { n: number; fresh: string[] | null } | undefined;
        if ("copy" in rows) {
          if (!copy) throw new Error("COPY rows on a driver without COPY");
          await q(CREATE_STAGING_SQL);
          await copy(COPY_STAGING_SQL, rows.copy);
          [counted] = await q<{ n: number; fresh: string[] | null }>(INSERT_PREDICTIONS_STAGED_SQL, [offered]);
        } else {
          [counted] = await q<{ n: number; fresh: string[] | null }>(INSERT_PREDICTIONS_JSON_SQL, [rows.json, offered]);
        }
        const n = counted?.n ?? 0;
        if (n === 0) return batches.map(() => 0);
        let fold = optimistic;
        let histograms = optimisticHistograms;
        let counts = batches.map((b) => b.ids.length);
        if (counted?.fresh) {
          // some ids were recorded already (or offered twice in the group): fold what was inserted
          const fresh = new Set(counted.fresh);
          const claimed = new Set<string>();
          const freshFolds: (FoldInput & FeatureFoldInput)[] = [];
          counts = batches.map((b) => {
            let inserted = 0;
            b.ids.forEach((id, i) => {
              if (!fresh.has(id) || claimed.has(id)) return;
              claimed.add(id);
              freshFolds.push(b.folds[i]!);
              inserted++;
            });
            return inserted;
          });
          fold = foldEvents(freshFolds);
          histograms = batches.some((b) => b.specsOf) ? foldFeatures(freshFolds, lookupAcross(batches)) : [];
        }
        await q(UPSERT_MINUTES_SQL, [JSON.stringify(fold.minutes)]);
        await q(UPSERT_ROLLUPS_SQL, [JSON.stringify(fold.rollups)]);
        if (histograms.length > 0) await q(UPSERT_FEATURE_HISTOGRAMS_SQL, [JSON.stringify(histograms)]);
        return counts;
      });
    } catch (e) {
      // a deadlock victim rolled back entirely; running it again is safe
      if (attempt < 3 && isRetryableConflict(e)) continue;
      throw e;
    }
  }
}

/** The batches' feature lookups as one (each knows the versions of its own events). */
function lookupAcross(batches: readonly PreparedBatch[]): SpecLookup {
  return (modelId, version) => {
    for (const b of batches) {
      const specs = b.specsOf?.(modelId, version);
      if (specs) return specs;
    }
    return undefined;
  };
}
