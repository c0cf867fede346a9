// A database of the benchmark's own on the local PostgreSQL: created, migrated, dropped at the end.
import pg from "pg";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";

export const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export async function createBenchDatabase(prefix: string, adminUrl = DEFAULT_ADMIN_URL) {
  const host = new URL(adminUrl).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`benchmarks run against a local PostgreSQL only (got ${host})`);
  }
  const name = `${prefix}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database: Database = await openDatabase({ kind: "postgres", url }, { purpose: "bench" });
  await applyMigrations(database.adapterFactory);
  return {
    name,
    url,
    database,
    async drop() {
      await database.close().catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

export function pct(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
