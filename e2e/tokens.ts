// API tokens for the specs, created the way `npm run token` creates them (lib/auth's createToken,
// audited, actor "cli") but in the worker's own process on one connection to the server's
// PostgreSQL, opened once: a process per token cost seconds each under a loaded CI machine.
import { systemActor } from "../lib/auth/actor";
import type { TokenScope } from "../lib/auth/permissions";
import { createToken } from "../lib/auth/tokens-service";
import { openDatabase, type Database } from "../lib/database/open";
import { E2E } from "./env";

let opened: Promise<Database> | null = null;

export async function createE2EToken(scopes: TokenScope[], name: string): Promise<string> {
  opened ??= openDatabase({ kind: "postgres", url: E2E.databaseUrl }, { purpose: "e2e tokens" });
  const database = await opened;
  const { secret } = await createToken(database.prisma, systemActor("cli"), { name, scopes });
  return secret;
}
