// Integration tests get a database of their own: a fresh PostgreSQL database on the local
// server (created, migrated, and dropped at the end), or, when no server answers, an
// in-memory PGlite migrated once here and loaded by each worker.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../../lib/database/migrations";
import { openDatabase } from "../../../lib/database/open";
import { ADMIN_URL, withDatabase } from "./pg";
import type { TestDbTarget } from "./target";

const PREFIX = "rollgate_it_";
// A database left behind by a run that was killed is dropped by a later run after this long.
const STALE_MS = 6 * 3600_000;

async function connectAdmin(): Promise<pg.Client | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return client;
  } catch {
    await client.end().catch(() => {});
    return null;
  }
}

async function dropStale(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${PREFIX}%`]);
  const now = Date.now();
  for (const { datname } of rows) {
    const ts = Number(/^rollgate_it_(\d+)_/.exec(datname)?.[1]);
    if (ts && now - ts > STALE_MS) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
  }
}

export default async function setup(project: TestProject) {
  const admin = await connectAdmin();
  if (admin) {
    const name = `${PREFIX}${Date.now()}_${process.pid}`;
    const url = withDatabase(ADMIN_URL, name);
    try {
      await dropStale(admin);
      await admin.query(`CREATE DATABASE "${name}"`);
      const db = await openDatabase({ kind: "postgres", url }, { purpose: "integration setup" });
      try {
        await applyMigrations(db.adapterFactory);
      } finally {
        await db.close();
      }
    } catch (e) {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await admin.end();
      throw e;
    }
    console.log(`[integration] PostgreSQL database ${name} on ${new URL(url).host} (dropped at the end)`);
    project.provide("rollgateTestDb", { kind: "postgres", url, name } satisfies TestDbTarget);
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    };
  }

  console.log(`\n[integration] PostgreSQL not reachable (${new URL(ADMIN_URL).host}): integration tests run on in-memory PGlite\n`);
  const db = await openDatabase({ kind: "pglite-memory" }, { purpose: "integration setup" });
  const dir = await mkdtemp(path.join(tmpdir(), "rollgate-it-"));
  const image = path.join(dir, "migrated.tar.gz");
  try {
    await applyMigrations(db.adapterFactory);
    if (db.driver.kind !== "pglite") throw new Error("expected PGlite");
    const dump = await db.driver.client.dumpDataDir("gzip");
    await writeFile(image, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  project.provide("rollgateTestDb", { kind: "pglite", image } satisfies TestDbTarget);
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
