// Where the integration suite finds a PostgreSQL server to create its own database on.
// The URL names the maintenance database (postgres); the suite never touches other databases.
// (vitest.config.ts repeats this default to size the worker pool.)
export const ADMIN_URL = process.env.ROLLGATE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
