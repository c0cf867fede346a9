/**
 * Replay capture at ingest (policy `replay.capture`, lib/replay): the rows a batch adds to
 * ReplayRecord, built scrubbed in this process — the raw input never leaves it — and written
 * in the batch's own transaction (batch-writer.ts), so a request is captured exactly when its
 * event is counted.
 *
 * The daily cap per (model, tenant, UTC day) is enforced by the insert itself: it ranks the
 * batch's new rows per day and keeps as many as the day has room for. Writes that could race
 * on a model's room (two server instances) take a transaction-level advisory lock on the model
 * first; within one process the writer runs one write at a time anyway.
 */
import type { Database } from "../database/open";
import { loadScrubKey, scrubHasher, type Hasher } from "../replay/server";
import { sqlQuery, type SqlQuery } from "./sql";

export type ReplayRow = {
  modelId: string;
  requestId: string;
  tenant: string;
  version: string;
  /** ISO 8601 UTC */
  ts: string;
  /** YYYY-MM-DD, the UTC day of ts */
  day: string;
  input: unknown;
  output: unknown;
  scrubbed: string[];
  receivedAt: string;
  cap: number;
};

const hashers = new WeakMap<Database, Promise<Hasher>>();

/** The scrub hash under the installation's key, read (or made) once per database handle. */
export function replayHasher(database: Database): Promise<Hasher> {
  let h = hashers.get(database);
  if (!h) {
    h = loadScrubKey((text, params) => sqlQuery(database, text, params)).then(scrubHasher);
    // a failure (the database down) is not cached: the next batch asks again
    h.catch(() => hashers.delete(database));
    hashers.set(database, h);
  }
  return h;
}

const INSERT_REPLAY_SQL = `WITH incoming AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
    "modelId" text, "requestId" text, "tenant" text, "version" text, "ts" timestamp(3), "day" date,
    "input" jsonb, "output" jsonb, "scrubbed" text[], "receivedAt" timestamp(3), "cap" integer)
),
fresh AS (
  SELECT i.*, row_number() OVER (PARTITION BY i."modelId", i."tenant", i."day" ORDER BY i."requestId") AS "n"
  FROM incoming i
  WHERE NOT EXISTS (SELECT 1 FROM "ReplayRecord" x WHERE x."modelId" = i."modelId" AND x."requestId" = i."requestId")
),
used AS (
  SELECT g."modelId", g."tenant", g."day",
         (SELECT count(*) FROM "ReplayRecord" x
          WHERE x."modelId" = g."modelId" AND x."tenant" = g."tenant" AND x."day" = g."day") AS "used"
  FROM (SELECT DISTINCT "modelId", "tenant", "day" FROM fresh) g
)
INSERT INTO "ReplayRecord" ("modelId", "requestId", "tenant", "version", "ts", "day", "input", "output", "scrubbed", "receivedAt")
SELECT f."modelId", f."requestId", f."tenant", f."version", f."ts", f."day", f."input", f."output", f."scrubbed", f."receivedAt"
FROM fresh f JOIN used u ON u."modelId" = f."modelId" AND u."tenant" = f."tenant" AND u."day" = f."day"
WHERE f."n" <= f."cap" - u."used"
ON CONFLICT ("modelId", "requestId") DO NOTHING`;

/** Writes the rows (unique per model and request id) inside the caller's transaction. */
export async function insertReplayRows(q: SqlQuery, rows: readonly ReplayRow[]): Promise<void> {
  if (rows.length === 0) return;
  const models = [...new Set(rows.map((r) => r.modelId))].sort();
  for (const m of models) await q(`SELECT pg_advisory_xact_lock(hashtext('rollgate.replay'), hashtext($1))`, [m]);
  await q(INSERT_REPLAY_SQL, [JSON.stringify(rows)]);
}
