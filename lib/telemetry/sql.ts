/**
 * Raw SQL on the driver under Prisma (pg Pool or PGlite), for the statements Prisma cannot
 * express: the multi-row insert that skips duplicates and reports what it inserted, and the
 * multi-row upserts that add to existing rows.
 */
import type { Database } from "../database/open";
import { copyFrom } from "../database/pg-copy";

export type SqlQuery = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;
/** `COPY … FROM STDIN` of COPY-text `data` on the transaction's connection; resolves to the row count. */
export type SqlCopy = (text: string, data: Buffer) => Promise<number>;

/**
 * Runs `fn` in one transaction on a single connection: everything commits, or nothing does.
 * `copy` is there on PostgreSQL; on PGlite it is null (callers fall back to a parameter).
 */
export async function withSqlTransaction<T>(database: Database, fn: (q: SqlQuery, copy: SqlCopy | null) => Promise<T>): Promise<T> {
  const driver = database.driver;
  if (driver.kind === "pglite") {
    return driver.client.transaction(async (tx) =>
      fn(async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows, null),
    );
  }
  const client = await driver.pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    try {
      const out = await fn(
        async <R>(text: string, params?: unknown[]) => {
          const res = await client.query(text, params);
          return res.rows as R[];
        },
        (text, data) => copyFrom(client, text, data),
      );
      await client.query("COMMIT");
      return out;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw e;
    }
  } finally {
    // a connection whose ROLLBACK failed is not returned to the pool
    client.release(broken ? true : undefined);
  }
}

/** One statement outside a transaction. */
export async function sqlQuery<R = Record<string, unknown>>(database: Database, text: string, params?: unknown[]): Promise<R[]> {
  const driver = database.driver;
  if (driver.kind === "pglite") return (await driver.client.query<R>(text, params)).rows;
  return (await driver.pool.query(text, params)).rows as R[];
}

/** SQLSTATEs after which the whole transaction may simply be run again. */
export function isRetryableConflict(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "40P01" || code === "40001";
}

/**
 * An int[] as PostgreSQL's array text ("{0,3,1}"), for a JSON parameter's int[] column:
 * json_to_recordset reads it several times faster than a JSON array of the same numbers.
 */
export const pgIntArray = (a: readonly number[]) => `{${a.join(",")}}`;
