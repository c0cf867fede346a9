// Drops and re-creates the e2e database, before the server starts.
//
// Playwright 1.65 starts `webServer` BEFORE it runs `globalSetup` (plugin setup comes first in
// its task list), and the server migrates and seeds its database as it starts. So this is not
// a Playwright globalSetup hook: playwright.config.ts runs it as the first half of the
// webServer command (`tsx e2e/global-setup.ts && npm start -- --demo`).
import pg from "pg";
import { assertLocalDatabase, E2E } from "./env";

async function main() {
  const target = assertLocalDatabase(E2E.databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(target);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (e) {
    console.error(
      `[e2e] PostgreSQL is not reachable at ${target.host} (${(e as Error).message}).\n` +
        "[e2e] The end-to-end suite runs the server on PostgreSQL: start it (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`)\n" +
        "[e2e] or point ROLLGATE_E2E_DATABASE_URL at a local server.",
    );
    process.exit(1);
  }
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
    console.log(`[e2e] fresh database ${name} on ${target.host}; the server migrates it and loads the demo data`);
  } finally {
    await client.end();
  }
}

main().catch((e) => {
  console.error(`[e2e] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
