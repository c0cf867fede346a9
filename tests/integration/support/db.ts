import type { PrismaClient } from "../../../generated/prisma/client";
import { runtime } from "../../../lib/runtime";
import type { Database } from "../../../lib/database/open";

/** The Prisma client on the suite's database (the same one db() returns to the code under test). */
export function testDb(): PrismaClient {
  return runtime().database.prisma;
}

/** The whole handle, for what Prisma does not do (the driver underneath, its target). */
export function testDatabase(): Database {
  return runtime().database;
}
