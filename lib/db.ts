import "server-only";
import type { PrismaClient } from "../generated/prisma/client";
import { runtime } from "./runtime";

/** The one Prisma client of this process (PostgreSQL or embedded PGlite, chosen at start-up). */
export function db(): PrismaClient {
  return runtime().database.prisma;
}
