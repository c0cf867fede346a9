/**
 * `rollgate relay`: serves the routing endpoints (routes, stream, resolve) from its own
 * process, reading the Rollgate server's PostgreSQL database and following its changes.
 * Parsing is pure and unit-tested; starting it is left to `runRelay`.
 */
import { parseArgs } from "node:util";

// the same numbers as the rollgate CLI's (packages/cli): 0 ok, 2 usage, 6 server or network
export const EXIT = { ok: 0, usage: 2, server: 6 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const RELAY_HELP = `rollgate relay — serve routing tables next to the inference services

Usage:
  rollgate relay --database-url postgresql://user:pass@host:5432/rollgate [--port 4100] [--host 127.0.0.1]

Serves GET /api/v1/models/{model}/routes, /routes/stream and /resolve (API tokens with the
scope routes:read) from memory, kept fresh by PostgreSQL LISTEN/NOTIFY, and GET /health.
It reads the database of a Rollgate server started with DATABASE_URL; a server on the
embedded database (PGlite) serves these endpoints itself and cannot have relays.

Options:
  --database-url <url>  the Rollgate server's PostgreSQL database   (default: $DATABASE_URL)
  --port <port>         port to listen on; 0 picks a free one       (default: 4100)
  --host <address>      address to listen on                        (default: 127.0.0.1)
  -h, --help            show this help
`;

export type RelayInvocation =
  { kind: "help" } | { kind: "usage-error"; message: string } | { kind: "run"; databaseUrl: string; port: number; host: string };

const blankToNull = (v: string | undefined): string | null => (v === undefined || v.trim() === "" ? null : v.trim());

/** argv after `relay`. */
export function parseRelayArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): RelayInvocation {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        "database-url": { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    return { kind: "usage-error", message: (e as Error).message.split("\n")[0] ?? "invalid arguments" };
  }
  if (values.help) return { kind: "help" };
  const databaseUrl = blankToNull(values["database-url"]) ?? blankToNull(env.DATABASE_URL);
  if (!databaseUrl) {
    return {
      kind: "usage-error",
      message:
        "The relay reads PostgreSQL: pass --database-url postgresql://… (or set DATABASE_URL). " +
        "A Rollgate server on the embedded database (PGlite) serves the routing endpoints itself; it cannot have relays.",
    };
  }
  if (!/^postgres(ql)?:\/\//.test(databaseUrl) || !URL.canParse(databaseUrl)) {
    return {
      kind: "usage-error",
      message:
        "--database-url must be a postgresql:// URL (the relay reads the Rollgate server's PostgreSQL database; PGlite cannot be shared).",
    };
  }
  const portText = blankToNull(values.port) ?? "4100";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    return { kind: "usage-error", message: `--port must be a port number (0–65535; 0 picks a free one), not "${portText}".` };
  return { kind: "run", databaseUrl, port, host: blankToNull(values.host) ?? "127.0.0.1" };
}

export type RelayIo = {
  env: Readonly<Record<string, string | undefined>>;
  out: (line: string) => void;
  err: (line: string) => void;
  /** resolves when the process is asked to stop (SIGINT, SIGTERM) */
  stopSignal: Promise<string>;
};

/** Runs until stopSignal; returns the exit code. */
export async function runRelay(argv: readonly string[], io: RelayIo): Promise<ExitCode> {
  const inv = parseRelayArgs(argv, io.env);
  if (inv.kind === "help") {
    io.out(RELAY_HELP);
    return EXIT.ok;
  }
  if (inv.kind === "usage-error") {
    io.err(`✗ ${inv.message}`);
    io.err("  Run rollgate relay --help for usage.");
    return EXIT.usage;
  }
  const { startRelay } = await import("./relay");
  const log = { info: (m: string) => io.out(`[rollgate relay] ${m}`), warn: (m: string) => io.err(`[rollgate relay] ${m}`) };
  let relay;
  try {
    relay = await startRelay({ databaseUrl: inv.databaseUrl, port: inv.port, host: inv.host, log });
  } catch (e) {
    io.err(`✗ ${(e as Error).message}`);
    return EXIT.server;
  }
  const st = relay.dataPlane.status();
  io.out(`✓ relay ready on ${relay.url} — ${st.models} routing table${st.models === 1 ? "" : "s"}, following changes (LISTEN)`);
  const signal = await io.stopSignal;
  io.out(`[rollgate relay] ${signal}: shutting down`);
  await relay.close();
  return EXIT.ok;
}
