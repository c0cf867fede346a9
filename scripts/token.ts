// npm run token -- --name ci --scopes registry:write[,routes:read] [--expires-days N]
// Creates an API token in the configured database (the one the server uses) and prints it
// alone on the last line, so scripts can take `| tail -n 1`.
import { parseArgs } from "node:util";
import { systemActor } from "../lib/auth/actor";
import { TOKEN_SCOPES } from "../lib/auth/permissions";
import { createTokenInput } from "../lib/auth/schemas";
import { createToken } from "../lib/auth/tokens-service";
import { applyMigrations } from "../lib/database/migrations";
import { openDatabase } from "../lib/database/open";
import { ConfigError, databaseTarget, loadEnv } from "../lib/env";
import { formatPath } from "../lib/input/path";

const USAGE = `Usage: npm run token -- --name <name> --scopes <scope>[,<scope>…] [--expires-days <days>]
Scopes: ${TOKEN_SCOPES.join(", ")}`;

function usage(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        name: { type: "string" },
        scopes: { type: "string", multiple: true },
        "expires-days": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    usage((e as Error).message);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  if (!args.name) usage("--name is required: name the token after what uses it, e.g. --name ci.");
  if (!args.scopes?.length) usage("--scopes is required.");

  const parsed = createTokenInput.safeParse({
    name: args.name,
    scopes: args.scopes
      .flatMap((s) => s.split(","))
      .map((s) => s.trim())
      .filter(Boolean),
    expiresInDays: args["expires-days"],
  });
  if (!parsed.success) {
    const seen = new Set<string>();
    const lines = parsed.error.issues
      .map((i) => `  --${flagFor(formatPath(i.path))}: ${i.message}`)
      .filter((l) => !seen.has(l) && seen.add(l));
    usage(`The token was not created:\n${lines.join("\n")}`);
  }

  let env;
  try {
    env = loadEnv();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  // The embedded data directory allows one process; while the server runs, opening it fails
  // with a message that says so and what to do instead.
  const database = await openDatabase(databaseTarget(env), { purpose: "npm run token" });
  try {
    await applyMigrations(database.adapterFactory);
    const { secret, token } = await createToken(database.prisma, systemActor("cli"), parsed.data);
    const expiry = token.expiresAt ? `expires ${token.expiresAt.toISOString()}` : "does not expire";
    console.log(`Created API token "${token.name}" (${token.scopes.join(", ")}; ${expiry}) in ${database.describe()}.`);
    console.log("It is shown only once; store it now:");
    console.log(secret);
  } finally {
    await database.close();
  }
}

function flagFor(path: string): string {
  if (path.startsWith("scopes")) return "scopes";
  if (path === "expiresInDays") return "expires-days";
  return path || "input";
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  if (e instanceof Error && e.name !== "DataDirLockedError") console.error(e.stack);
  process.exit(1);
});
