// Telling "the database is unreachable" apart from every other failure. A database that is
// down, restarting, shutting down, refusing or dropping connections, or not answering in time
// is an outage: requests get 503 with Retry-After (lib/errors.ts translateDatabaseError), pages
// say the database is unreachable, /api/health names the cause. Nothing needs a restart: the
// pool opens new connections once PostgreSQL answers again.

/** SQLSTATEs and driver codes that mean the database cannot serve right now. */
const OUTAGE_CODES: Record<string, string> = {
  "57P01": "admin_shutdown",
  "57P02": "crash_shutdown",
  "57P03": "cannot_connect_now",
  "08000": "connection_exception",
  "08001": "connection_refused",
  "08003": "connection_does_not_exist",
  "08004": "connection_rejected",
  "08006": "connection_failure",
  "53300": "too_many_connections",
  ECONNREFUSED: "connection_refused",
  ECONNRESET: "connection_reset",
  ETIMEDOUT: "timeout",
  EHOSTUNREACH: "host_unreachable",
  ENETUNREACH: "network_unreachable",
  ENOTFOUND: "host_not_found",
  EAI_AGAIN: "host_not_found",
  EPIPE: "connection_reset",
  // Prisma's own codes for the same
  P1001: "connection_refused",
  P1002: "timeout",
  P1008: "timeout",
  P1017: "connection_reset",
};

/** Messages of node-postgres and Prisma's driver adapters that carry no code. */
const OUTAGE_MESSAGES: [RegExp, string][] = [
  // most specific first: "Connection terminated due to connection timeout" is a timeout
  [
    /the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i,
    "cannot_connect_now",
  ],
  [/timeout exceeded when trying to connect|connection timeout|connection timed out|SocketTimeout/i, "timeout"],
  [/too many clients|remaining connection slots/i, "too_many_connections"],
  [/ECONNREFUSED|connection refused|Can't reach database|DatabaseNotReachable/i, "connection_refused"],
  [
    /ECONNRESET|Connection terminated|connection ended|server closed the connection|socket hang up|ConnectionClosed|not queryable/i,
    "connection_reset",
  ],
];

type ErrorLike = { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; kind?: unknown; originalCode?: unknown };

/** The error and everything it wraps: `cause`, Prisma's `meta.driverAdapterError`, an AggregateError's `errors`. */
function chain(e: unknown, depth = 0, out: ErrorLike[] = []): ErrorLike[] {
  if (!e || typeof e !== "object" || depth > 6 || out.includes(e as ErrorLike)) return out;
  const err = e as ErrorLike & { meta?: { driverAdapterError?: unknown }; errors?: unknown };
  out.push(err);
  chain(err.meta?.driverAdapterError, depth + 1, out);
  chain(err.cause, depth + 1, out);
  if (Array.isArray(err.errors)) for (const inner of err.errors) chain(inner, depth + 1, out);
  return out;
}

/**
 * The outage class of an error (`connection_refused`, `cannot_connect_now`, `timeout`, …), looking
 * through Prisma's wrappers, or undefined when it is something else. Codes anywhere in the chain
 * win over messages: a wrapper's message may paraphrase the code underneath.
 */
export function databaseOutageClass(e: unknown): string | undefined {
  const errors = chain(e);
  for (const err of errors) {
    for (const code of [err.code, err.originalCode]) {
      if (typeof code === "string" && OUTAGE_CODES[code]) return OUTAGE_CODES[code];
    }
    // @prisma/driver-adapter-utils: {kind: "DatabaseNotReachable"}, {kind: "SocketTimeout"}, …
    if (typeof err.kind === "string" && /NotReachable|ConnectionClosed|SocketTimeout|TooManyConnections/i.test(err.kind)) {
      return /Timeout/i.test(err.kind) ? "timeout" : /TooMany/i.test(err.kind) ? "too_many_connections" : "connection_refused";
    }
  }
  for (const err of errors) {
    const text = `${typeof err.name === "string" ? err.name : ""} ${typeof err.message === "string" ? err.message : ""}`;
    for (const [pattern, cls] of OUTAGE_MESSAGES) if (pattern.test(text)) return cls;
  }
  return undefined;
}

export function isDatabaseUnreachable(e: unknown): boolean {
  return databaseOutageClass(e) !== undefined;
}
