/**
 * Raw SQL on the driver under Prisma (pg Pool or PGlite), for the statements Prisma cannot
 * express: the multi-row insert that skips duplicates and reports what it inserted, and the
 * multi-row upserts that add to existing rows.
 */
import type { Database } from "../database/open";

export type SqlQuery = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

/** Runs `fn` in one transaction on a single connection: everything commits, or nothing does. */
export async function withSqlTransaction<T>(database: Database, fn: (q: SqlQuery) => Promise<T>): Promise<T> {
  const driver = database.driver;
  if (driver.kind === "pglite") {
    return driver.client.transaction(async (tx) =>
      fn(async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows),
    );
  }
  const client = await driver.pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    try {
      const out = await fn(async <R>(text: string, params?: unknown[]) => {
        const res = await client.query(text, params);
        return res.rows as R[];
      });
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
