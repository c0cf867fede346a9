/**
 * How a batch's prediction rows reach the Prediction table, in the ingest's transaction.
 *
 * On PostgreSQL the rows are COPY text, which PostgreSQL parses at a fraction of the cost of the
 * same rows as a JSON parameter (bench/ingest). Two ways in:
 *   - direct: COPY straight into Prediction, as fast as PostgreSQL takes rows. A request id
 *     recorded already (a sender's retry after a timeout, or a concurrent write of the same ids)
 *     makes it fail on the primary key, which rolls the transaction back;
 *   - skipping: COPY into a session-local staging table (created once per connection, emptied at
 *     every commit), then one INSERT … SELECT … ON CONFLICT DO NOTHING, which skips the ids
 *     recorded already (waiting for a concurrent write of them to end first). The writer runs a
 *     write this way after the direct way failed so; the first row of a batch sent again is a
 *     duplicate, so that costs one row's work.
 * PGlite has no COPY FROM STDIN on its query API: there the rows are one json_to_recordset
 * parameter, inserted the skipping way. The skipping statements report one row back: how many
 * were inserted and, only when some were skipped ($n < offered), which ones.
 */
import { copyText } from "../database/pg-copy";

export type PredictionRow = {
  requestId: string;
  modelId: string;
  version: string;
  tenant: string;
  /** ISO 8601 */
  ts: string;
  latencyMs: number;
  outcome: string;
  errorClass: string | null;
  score: number | null;
  cost: number | null;
  label: string | null;
  prediction: unknown;
  route: string;
  /** ISO 8601: when the batch arrived */
  receivedAt: string;
};

const COLUMNS = `"requestId", "modelId", "version", "tenant", "ts", "latencyMs", "outcome", "errorClass", "score", "cost", "label", "prediction", "route", "receivedAt"`;
const COLUMN_DEFS = `"requestId" text, "modelId" text, "version" text, "tenant" text, "ts" timestamp(3), "latencyMs" float8, "outcome" text, "errorClass" text, "score" float8, "cost" float8, "label" text, "prediction" jsonb, "route" text, "receivedAt" timestamp(3)`;

const counted = (insert: string, offered: string) =>
  `WITH ins AS (${insert} ON CONFLICT ("requestId", "ts") DO NOTHING RETURNING "requestId")\n` +
  `SELECT count(*)::int AS "n", CASE WHEN count(*) < ${offered}::int THEN array_agg("requestId") END AS "fresh" FROM ins`;

/** $1 the rows as JSON, $2 the number offered. */
export const INSERT_PREDICTIONS_JSON_SQL = counted(
  `INSERT INTO "Prediction" (${COLUMNS}) SELECT ${COLUMNS} FROM json_to_recordset($1::json) AS x(${COLUMN_DEFS})`,
  "$2",
);

/** Session-local: each connection has its own, and its rows never outlive a transaction. */
export const CREATE_STAGING_SQL = `CREATE TEMP TABLE IF NOT EXISTS "PredictionStaging" (${COLUMN_DEFS}) ON COMMIT DELETE ROWS`;
export const COPY_STAGING_SQL = `COPY pg_temp."PredictionStaging" (${COLUMNS}) FROM STDIN`;
/** The same COPY text straight into Prediction (it fails if any request id is recorded already). */
export const COPY_PREDICTIONS_SQL = `COPY "Prediction" (${COLUMNS}) FROM STDIN`;
/** $1 the number offered. */
export const INSERT_PREDICTIONS_STAGED_SQL = counted(
  `INSERT INTO "Prediction" (${COLUMNS}) SELECT ${COLUMNS} FROM pg_temp."PredictionStaging"`,
  "$1",
);

const NULL = "\\N";
const num = (n: number | null) => (n === null ? NULL : String(n));
const text = (s: string | null) => (s === null ? NULL : copyText(s));

/**
 * The rows in COPY text format, columns in COPY_STAGING_SQL's order. `ts`, `receivedAt` (ISO
 * strings), `outcome`, `errorClass` and `route` (fixed words) and the numbers never hold a
 * separator; every other text is escaped. Each line is encoded into the buffer as soon as it is
 * built, so a batch never holds thousands of half-joined strings at once.
 */
export type CopyText = {
  data: Buffer;
  /** ends[i]: the byte offset just past row i's line, so lines can be left out without re-encoding */
  ends: Uint32Array;
};

export function predictionsCopyText(rows: readonly PredictionRow[]): CopyText {
  const ends = new Uint32Array(rows.length);
  let buf = Buffer.allocUnsafe(Math.max(4096, rows.length * 256));
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const line =
      `${copyText(r.requestId)}\t${copyText(r.modelId)}\t${copyText(r.version)}\t${copyText(r.tenant)}\t${r.ts}\t${r.latencyMs}\t` +
      `${r.outcome}\t${r.errorClass ?? NULL}\t${num(r.score)}\t${num(r.cost)}\t${text(r.label)}\t` +
      `${r.prediction === null || r.prediction === undefined ? NULL : copyText(JSON.stringify(r.prediction))}\t${r.route}\t${r.receivedAt}\n`;
    // a UTF-8 character is at most 3 bytes per UTF-16 unit
    if (at + line.length * 3 > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, at + line.length * 3));
      buf.copy(bigger, 0, 0, at);
      buf = bigger;
    }
    at += buf.write(line, at, "utf8");
    ends[i] = at;
  }
  return { data: buf.subarray(0, at), ends };
}

/** The COPY text of the rows `keep` says yes to (`index` counts rows across the texts, in order). */
export function keptLines(texts: readonly CopyText[], keep: (index: number) => boolean): { data: Buffer; rows: number } {
  const parts: Buffer[] = [];
  let rows = 0;
  let index = 0;
  for (const t of texts) {
    let runStart = -1;
    let start = 0;
    for (let i = 0; i < t.ends.length; i++, index++) {
      const end = t.ends[i]!;
      if (keep(index)) {
        rows++;
        if (runStart < 0) runStart = start;
      } else if (runStart >= 0) {
        parts.push(t.data.subarray(runStart, start));
        runStart = -1;
      }
      start = end;
    }
    if (runStart >= 0) parts.push(t.data.subarray(runStart, start));
  }
  return { data: parts.length === 1 ? parts[0]! : Buffer.concat(parts), rows };
}
