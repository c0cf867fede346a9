import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "../../generated/prisma/client";
import { lockDataDir } from "./pglite-lock";

export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string } | { kind: "pglite-memory" };

export type Database = {
  target: DatabaseTarget;
  prisma: PrismaClient;
  /** for migrations: a factory the schema engine can open connections with */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** the driver underneath, for what Prisma does not do: LISTEN/NOTIFY, COPY */
  driver: { kind: "pg"; pool: import("pg").Pool } | { kind: "pglite"; client: import("@electric-sql/pglite").PGlite };
  close(): Promise<void>;
  describe(): string;
};

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === "postgres") {
    const u = new URL(target.url);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
  }
  if (target.kind === "pglite") return `embedded PGlite in ${target.dataDir}`;
  return "embedded PGlite in memory";
}

export async function openDatabase(target: DatabaseTarget, opts: { purpose: string }): Promise<Database> {
  if (target.kind === "postgres") return openPostgres(target, opts.purpose);
  return openPglite(target, opts.purpose);
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: "postgres" }>, purpose: string): Promise<Database> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const pg = (await import("pg")).default;
  const pool = new pg.Pool({
    connectionString: target.url,
    max: 10,
    application_name: `rollgate:${purpose}`,
    // A database host that accepts TCP but never answers would otherwise hold every request
    // until the client gives up; fail the connection instead, and the request gets 503. The
    // same limit bounds the wait for a free pool slot, so it is long enough for a burst (50
    // parallel rollbacks queue behind one row lock) to drain without 503s.
    connectionTimeoutMillis: 15_000,
  });
  // An idle client dropped by the server (restart, failover) must not crash the process;
  // the next query reconnects, and request paths report the outage as 503.
  pool.on("error", (e) => console.error(`[rollgate] database connection lost: ${e.message}`));
  const adapter = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter });
  return {
    target,
    prisma,
    adapterFactory: migrationAdapterForPostgres(target.url, PrismaPg),
    driver: { kind: "pg", pool },
    describe: () => describeTarget(target),
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => {});
    },
  };
}

// The pg adapter's executeScript splits a script on ";", which breaks PL/pgSQL bodies such as
// the audit trigger; a migration is sent whole instead (the simple query protocol runs many
// statements in one call, in one implicit transaction).
function migrationAdapterForPostgres(
  url: string,
  PrismaPg: typeof import("@prisma/adapter-pg").PrismaPg,
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async connect() {
      const pg = (await import("pg")).default;
      const pool = new pg.Pool({ connectionString: url, max: 2, application_name: "rollgate:migrate" });
      pool.on("error", () => {});
      const adapter = await new PrismaPg(pool).connect();
      const onError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
      adapter.executeScript = async (script: string) => {
        try {
          await pool.query(script);
        } catch (e) {
          onError(e);
        }
      };
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await pool.end().catch(() => {});
      };
      return adapter;
    },
    async connectToShadowDb() {
      // `migrate dev` only; scripts/migrate.ts uses an in-memory PGlite shadow instead.
      throw new Error("Use the embedded shadow database (npm run migrate:dev) to create migrations.");
    },
  };
}

async function openPglite(target: Exclude<DatabaseTarget, { kind: "postgres" }>, purpose: string): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  let release = () => {};
  let client: InstanceType<typeof PGlite>;
  if (target.kind === "pglite") {
    const dir = path.resolve(target.dataDir);
    // PGlite does not create parent folders
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
    release = lockDataDir(dir, purpose);
    try {
      client = await PGlite.create({ dataDir: path.join(dir, "pgdata") });
    } catch (e) {
      release();
      throw e;
    }
  } else {
    client = await PGlite.create();
  }
  const factory = new PrismaPGlite(client);
  const prisma = new PrismaClient({ adapter: factory });
  return {
    target,
    prisma,
    adapterFactory: factory,
    driver: { kind: "pglite", client },
    describe: () => describeTarget(target),
    async close() {
      await prisma.$disconnect();
      await client.close();
      release();
    },
  };
}
