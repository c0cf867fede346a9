// npm run db:roles            create (or update) the runtime database role and its grants
// npm run db:roles -- --print print the grants instead of applying them
//
// Reads both URLs from the environment: ROLLGATE_MIGRATION_DATABASE_URL is the schema owner
// (it runs this), DATABASE_URL names the runtime role (its user and password). See
// docs/audit-trail.md → Least-privilege database roles.
import { parseArgs } from "node:util";
import pg from "pg";
import { ConfigError, loadEnv } from "../lib/env";
import { APPEND_ONLY_TABLES, runtimeGrantsSql, setUpRuntimeRole } from "../lib/database/runtime-role";

const { values } = parseArgs({ options: { print: { type: "boolean", default: false } } });

async function main() {
  const env = loadEnv();
  if (!env.databaseUrl || !env.migrationDatabaseUrl) {
    throw new Error(
      "Set DATABASE_URL to the runtime role's URL (postgresql://rollgate_app:…@host/db) and ROLLGATE_MIGRATION_DATABASE_URL to the schema owner's (postgresql://rollgate_owner:…@host/db).",
    );
  }
  const runtime = new URL(env.databaseUrl);
  const ownerUrl = new URL(env.migrationDatabaseUrl);
  const role = decodeURIComponent(runtime.username);
  if (!role) throw new Error("DATABASE_URL names no user: put the runtime role in it (postgresql://rollgate_app:…@host/db).");
  if (runtime.host !== ownerUrl.host || runtime.pathname !== ownerUrl.pathname) {
    throw new Error(
      `DATABASE_URL and ROLLGATE_MIGRATION_DATABASE_URL name different databases (${runtime.host}${runtime.pathname} vs ${ownerUrl.host}${ownerUrl.pathname}).`,
    );
  }
  if (values.print) {
    const owner = decodeURIComponent(ownerUrl.username) || "<owner>";
    console.log(`-- as ${owner}, after CREATE ROLE "${role}" LOGIN PASSWORD '…' (a plain role: no SUPERUSER, not a member of ${owner})`);
    for (const sql of runtimeGrantsSql(role, owner, "public")) console.log(`${sql};`);
    return;
  }
  const client = new pg.Client({ connectionString: env.migrationDatabaseUrl, application_name: "rollgate:db-roles" });
  await client.connect();
  try {
    const out = await setUpRuntimeRole(client, { role, password: decodeURIComponent(runtime.password) || undefined });
    console.log(`${out.created ? "Created" : "Updated"} the runtime role ${role} in schema ${out.schema} (owner ${out.owner}):`);
    console.log(`  ${APPEND_ONLY_TABLES.join(", ")}: SELECT and INSERT only`);
    console.log("  every other table: SELECT, INSERT, UPDATE, DELETE (and the same on tables later migrations create)");
    console.log("Run Rollgate with DATABASE_URL (this role) and ROLLGATE_MIGRATION_DATABASE_URL (the owner, for migrations only).");
  } finally {
    await client.end();
  }
}

main().catch((e) => {
  console.error(e instanceof ConfigError || e instanceof Error ? e.message : e);
  process.exit(1);
});
