import { readFile } from "node:fs/promises";
import { PrismaClient } from "../../../generated/prisma/client";
import { openDatabase, type Database } from "../../../lib/database/open";

/** What global-setup hands each worker: its own PostgreSQL database, or a migrated PGlite image. */
export type TestDbTarget = { kind: "postgres"; url: string; name: string } | { kind: "pglite"; image: string };

declare module "vitest" {
  export interface ProvidedContext {
    rollgateTestDb: TestDbTarget;
  }
}

/** Opens the suite's database in this worker. */
export async function openTestDatabase(target: TestDbTarget): Promise<Database> {
  if (target.kind === "postgres") {
    return openDatabase({ kind: "postgres", url: target.url }, { purpose: "integration tests" });
  }
  // Each worker starts from the image global-setup migrated once, instead of running initdb
  // and every migration again (≈ 5 s per worker).
  const { PGlite } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const bytes = await readFile(target.image);
  const client = await PGlite.create({ loadDataDir: new Blob([bytes]) });
  const factory = new PrismaPGlite(client);
  const prisma = new PrismaClient({ adapter: factory });
  return {
    target: { kind: "pglite-memory" },
    prisma,
    adapterFactory: factory,
    driver: { kind: "pglite", client },
    describe: () => "embedded PGlite in memory (integration tests)",
    async close() {
      await prisma.$disconnect();
      await client.close();
    },
  };
}
