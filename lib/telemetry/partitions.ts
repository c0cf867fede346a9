/**
 * The day partitions of Prediction (RANGE on "ts", one per UTC day, made by the
 * prediction_partitions migration and kept up here by the retention job).
 *
 *   - "Prediction_pYYYYMMDD" holds [that day 00:00, the next day 00:00);
 *   - "Prediction_default" holds rows whose day has no partition (events older than the
 *     install, or a day the job could not create in time), so an insert never fails.
 *
 * Creating a day whose rows already sit in the default partition would fail PostgreSQL's check
 * that the default holds none of the new range, so such a day is built beside the table, the
 * rows moved into it and the table attached, in one transaction. Dropping a day is DETACH + DROP
 * in one transaction. Both take a short exclusive lock on Prediction; `lock_timeout` makes a pass
 * give up rather than stall ingest behind it, and the next pass tries again. An advisory lock
 * keeps two app instances from building the same day at once.
 */
import type { Database } from "../database/open";
import { sqlQuery, withSqlTransaction, type SqlQuery } from "./sql";

export const DAY_MS = 86_400_000;
export const DEFAULT_PARTITION = "Prediction_default";
const PREFIX = "Prediction_p";
const NAME = /^Prediction_p(\d{4})(\d{2})(\d{2})$/;
/** pg_advisory_xact_lock key: "Prediction" partition upkeep */
const LOCK_KEY = 0x50_72_65_64_50_61_72_74n;
const LOCK_TIMEOUT = "5s";

/** The UTC midnight at or before `ms`. */
export const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;

/** The partition holding the UTC day that starts at `dayMs`. */
export function partitionName(dayMs: number): string {
  return PREFIX + new Date(dayMs).toISOString().slice(0, 10).replace(/-/g, "");
}

/** The day (UTC midnight, ms) a partition name stands for, or null for any other table. */
export function partitionDay(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return partitionName(ms) === name ? ms : null;
}

/** Days whose partitions lie entirely before `before`: every row in them has expired. */
export function expiredDays(days: readonly number[], before: number): number[] {
  return days.filter((d) => d + DAY_MS <= before).sort((a, b) => a - b);
}

const iso = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
const quoted = (name: string) => `"${name}"`;

/** The day partitions of Prediction that exist, as their days (ms), oldest first. */
export async function listDayPartitions(database: Database): Promise<number[]> {
  const rows = await sqlQuery<{ name: string }>(
    database,
    `SELECT c.relname AS "name" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = to_regclass('"Prediction"')`,
  );
  return rows
    .map((r) => partitionDay(r.name))
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b);
}

async function lockUpkeep(q: SqlQuery) {
  await q(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
  await q(`SELECT pg_advisory_xact_lock(${LOCK_KEY.toString()})`);
}

/** Creates the partition of one day; false when it existed already. */
async function createDay(database: Database, dayMs: number): Promise<boolean> {
  const name = partitionName(dayMs);
  const from = iso(dayMs);
  const to = iso(dayMs + DAY_MS);
  return withSqlTransaction(database, async (q) => {
    await lockUpkeep(q);
    const [exists] = await q<{ ok: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS "ok"`, [quoted(name)]);
    if (exists?.ok) return false;
    const [waiting] = await q<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM "${DEFAULT_PARTITION}" WHERE "ts" >= $1::timestamp(3) AND "ts" < $2::timestamp(3)) AS "any"`,
      [from, to],
    );
    if (!waiting?.any) {
      await q(`CREATE TABLE ${quoted(name)} PARTITION OF "Prediction" FOR VALUES FROM ('${from}') TO ('${to}')`);
      return true;
    }
    // the day's rows move out of the default partition before the day is attached
    await q(`CREATE TABLE ${quoted(name)} (LIKE "Prediction" INCLUDING DEFAULTS)`);
    await q(
      `WITH moved AS (DELETE FROM "${DEFAULT_PARTITION}" WHERE "ts" >= $1::timestamp(3) AND "ts" < $2::timestamp(3) RETURNING *)
       INSERT INTO ${quoted(name)} SELECT * FROM moved`,
      [from, to],
    );
    await q(`ALTER TABLE "Prediction" ATTACH PARTITION ${quoted(name)} FOR VALUES FROM ('${from}') TO ('${to}')`);
    return true;
  });
}

/** Makes sure every UTC day from `fromMs`'s to `toMs`'s has its partition; returns the names created. */
export async function ensurePredictionPartitions(database: Database, opts: { fromMs: number; toMs: number }): Promise<string[]> {
  const have = new Set(await listDayPartitions(database));
  const created: string[] = [];
  for (let d = dayStart(opts.fromMs); d <= dayStart(opts.toMs); d += DAY_MS) {
    if (have.has(d)) continue;
    if (await createDay(database, d)) created.push(partitionName(d));
  }
  return created;
}

export type DroppedPartitions = { partitions: string[]; rowsEstimate: number };

/**
 * Detaches and drops the day partitions whose whole day lies before `before`. The row count
 * reported is PostgreSQL's estimate (pg_class.reltuples) once the day has been analysed:
 * counting a day of rows exactly would read the whole day just before throwing it away.
 */
export async function dropExpiredPartitions(database: Database, before: Date): Promise<DroppedPartitions> {
  const days = expiredDays(await listDayPartitions(database), before.getTime());
  const out: DroppedPartitions = { partitions: [], rowsEstimate: 0 };
  for (const d of days) {
    const name = partitionName(d);
    const dropped = await withSqlTransaction(database, async (q) => {
      await lockUpkeep(q);
      const [row] = await q<{ n: number }>(`SELECT reltuples::float8 AS "n" FROM pg_class WHERE oid = to_regclass($1)`, [quoted(name)]);
      if (!row) return null;
      // never analysed (-1) or analysed empty: small enough to count
      const [counted] = row.n > 0 ? [row] : await q<{ n: number }>(`SELECT count(*)::float8 AS "n" FROM ${quoted(name)}`);
      await q(`ALTER TABLE "Prediction" DETACH PARTITION ${quoted(name)}`);
      await q(`DROP TABLE ${quoted(name)}`);
      return counted?.n ?? 0;
    });
    if (dropped === null) continue;
    out.partitions.push(name);
    out.rowsEstimate += dropped;
  }
  return out;
}
