// `rollgate relay`: the data plane on its own (no Next.js), reading PostgreSQL and following
// LISTEN/NOTIFY, to put routing next to the inference services when one app instance is not
// enough. It never migrates or writes routing data; the Rollgate server owns the schema.
import { createServer, type Server } from "node:http";
import { openDatabase, type Database } from "../database/open";
import { apiSecurityHeaders } from "../http/security-headers";
import type { RoutingLog } from "./change-feed";
import { fail, LISTEN_BACKLOG, requestIdFor, startDataPlane, type DataPlane, type DataPlaneOptions } from "./data-plane";

export type RelayOptions = {
  databaseUrl: string;
  port: number;
  host: string;
  log?: RoutingLog;
  dataPlane?: Omit<DataPlaneOptions, "log">;
};

export type Relay = {
  server: Server;
  dataPlane: DataPlane;
  /** the address it listens on, e.g. http://127.0.0.1:4100 */
  url: string;
  close(): Promise<void>;
};

export class RelayConfigError extends Error {}

/** The relay only reads PostgreSQL: PGlite lives inside the one Rollgate server process. */
export function checkRelayDatabaseUrl(url: string | null | undefined): string {
  if (!url) {
    throw new RelayConfigError(
      "The relay reads PostgreSQL: pass --database-url postgresql://… (or set DATABASE_URL). " +
        "A Rollgate server on the embedded database (PGlite, no DATABASE_URL) cannot have relays: " +
        "that database belongs to the one server process, which serves the routing endpoints itself.",
    );
  }
  if (!/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url)) {
    throw new RelayConfigError(
      `"${redact(url)}" is not a postgresql:// URL; the relay reads the same PostgreSQL database as the Rollgate server.`,
    );
  }
  return url;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@");
}

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const url = checkRelayDatabaseUrl(opts.databaseUrl);
  const log = opts.log ?? { info: (m) => console.log(`[rollgate relay] ${m}`), warn: (m) => console.warn(`[rollgate relay] ${m}`) };
  // a relay does not know whether a TLS proxy fronts it: no HSTS (the proxy can add it)
  const headers = apiSecurityHeaders({ https: false });
  let database: Database | null = null;
  let dataPlane: DataPlane | null = null;
  try {
    database = await openDatabase({ kind: "postgres", url }, { purpose: "relay" });
    dataPlane = await startDataPlane(database, { headers, ...opts.dataPlane, log });
  } catch (e) {
    await database?.close().catch(() => {});
    throw new Error(`The relay could not load the routing tables from ${database?.describe() ?? redact(url)}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const db = database;
  const dp = dataPlane;
  const version = await packageVersion();

  const server = createServer((req, res) => {
    if (dp.handle(req, res)) return;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const requestId = requestIdFor(req.headers["x-request-id"]);
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/health" && (req.method === "GET" || req.method === "HEAD")) {
      // 200 while tables are served, also when the database is away (they are served from
      // memory, and taking every relay out during a database outage would stop routing);
      // "degraded" says that changes are not arriving; staleSeconds since when.
      const st = dp.status();
      const ok = st.listening && st.staleSeconds === null;
      const body = JSON.stringify({ status: ok ? "ok" : "degraded", db: ok ? "ok" : "unreachable", version, ...st });
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "x-request-id": requestId });
      res.end(body);
      return;
    }
    fail(res, requestId, 404, "not_found", "The relay serves only /api/v1/models/{model}/routes, /routes/stream, /resolve and /health.");
  });
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: opts.port, host: opts.host, backlog: LISTEN_BACKLOG }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (e) {
    await dp.stop();
    await db.close().catch(() => {});
    throw e;
  }
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  const host = opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return {
    server,
    dataPlane: dp,
    url: `http://${host}:${port}`,
    async close() {
      await dp.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close().catch(() => {});
    },
  };
}

async function packageVersion(): Promise<string> {
  try {
    const { readFile } = await import("node:fs/promises");
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}
