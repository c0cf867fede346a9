// npm run migrate            apply pending migrations to the configured database (as its owner)
// npm run migrate:dev -- --name add_x   write a new migration for schema changes (air-gapped)
import { parseArgs } from "node:util";
import { loadEnv, migrationTarget } from "../lib/env";
import { openDatabase } from "../lib/database/open";
import { applyMigrations, createMigration } from "../lib/database/migrations";

const { values } = parseArgs({
  options: { dev: { type: "boolean", default: false }, name: { type: "string" } },
});

async function main() {
  if (values.dev) {
    // A fresh in-memory PGlite replays the history and serves as the diff base, so creating a
    // migration needs neither a server nor the native engine.
    const db = await openDatabase({ kind: "pglite-memory" }, { purpose: "migrate dev" });
    try {
      const folder = await createMigration(db.adapterFactory, values.name ?? "change");
      console.log(folder ? `Wrote ${folder}` : "The schema and the migration history agree; nothing to write.");
    } finally {
      await db.close();
    }
    return;
  }
  const env = loadEnv();
  // the schema owner when ROLLGATE_MIGRATION_DATABASE_URL is set, else DATABASE_URL (or .data/)
  const db = await openDatabase(migrationTarget(env), { purpose: "migrate" });
  try {
    const applied = await applyMigrations(db.adapterFactory);
    console.log(applied.length ? `Applied ${applied.join(", ")} to ${db.describe()}` : `${db.describe()} is up to date.`);
  } finally {
    await db.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
