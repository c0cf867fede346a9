import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import { globalDatabase } from "./database/global";

/** The one Prisma client of this process (PostgreSQL or embedded PGlite, chosen at start-up). */
export function db(): PrismaClient {
  return globalDatabase().prisma;
}
