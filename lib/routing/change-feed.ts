// How a data plane learns that a routing table changed: LISTEN on ROUTES_CHANNEL. Every
// transaction that changes a Release row or a tenant pin runs pg_notify inside it (notify.ts),
// so a notification arrives only after, and only if, the change committed.
//
// PostgreSQL: a dedicated connection outside the pool (a pooled client would be handed to
// queries and lose its LISTEN). When it drops, notifications sent meanwhile are lost, so every
// (re)connection is followed by a full reload; reconnects back off from 250 ms to 10 s.
// PGlite: the database lives in this process, and client.listen delivers the same
// notifications on commit.
import type { Database } from "../database/open";
import { histogram } from "../metrics/registry";
import { parseRoutesChanged, ROUTES_CHANNEL, type RoutesChanged } from "./notify";

const notifyLag = histogram(
  "rollgate_routes_notify_lag_seconds",
  "Time from a routing change's NOTIFY (database clock) to its receipt by this process's change feed.",
  [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
);

/** Reads a notification's payload and records how long it took to arrive. */
function received(payload: string | undefined): RoutesChanged | null {
  const change = parseRoutesChanged(payload);
  if (change?.at !== undefined) notifyLag.observe({}, Math.max(0, Date.now() - change.at) / 1000);
  return change;
}

export type RoutingLog = { info(message: string): void; warn(message: string): void };

export type ChangeFeedHandlers = {
  /** a committed change; null when the payload could not be read (reload everything) */
  onChange(change: RoutesChanged | null): void;
  /** LISTEN is (again) in place: anything may have been missed before this moment */
  onListening(): void;
  /** the listening connection dropped: changes are not arriving until onListening */
  onLost?(): void;
};

export type ChangeFeed = {
  kind: "pg" | "pglite";
  /** resolves once LISTEN is in place; rejects when the first connection fails */
  start(handlers: ChangeFeedHandlers): Promise<void>;
  /** whether notifications are being received right now */
  listening(): boolean;
  /** round trip on the listening connection; a dead one is dropped and reconnected */
  check(): Promise<void>;
  stop(): Promise<void>;
};

export function changeFeedFor(db: Database, log: RoutingLog): ChangeFeed {
  if (db.driver.kind === "pglite") return pgliteFeed(db.driver.client);
  const url =
    db.target.kind === "postgres"
      ? db.target.url
      : (db.driver.pool as unknown as { options: { connectionString?: string } }).options.connectionString;
  if (!url) throw new Error("The routing change feed needs the PostgreSQL connection string.");
  return pgFeed(url, log);
}

function pgliteFeed(client: import("@electric-sql/pglite").PGlite): ChangeFeed {
  let unlisten: (() => Promise<void>) | null = null;
  return {
    kind: "pglite",
    async start(handlers) {
      unlisten = await client.listen(ROUTES_CHANNEL, (payload) => handlers.onChange(received(payload)));
      handlers.onListening();
    },
    listening: () => unlisten !== null,
    async check() {},
    async stop() {
      const u = unlisten;
      unlisten = null;
      await u?.().catch(() => {});
    },
  };
}

const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const CHECK_TIMEOUT_MS = 5_000;

function pgFeed(connectionString: string, log: RoutingLog): ChangeFeed {
  let client: import("pg").Client | null = null;
  let handlers: ChangeFeedHandlers | null = null;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;

  async function connect(): Promise<void> {
    const pg = (await import("pg")).default;
    const c = new pg.Client({
      connectionString,
      application_name: "rollgate:routes-listener",
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    let dropped = false;
    const drop = (why: string) => {
      if (dropped) return;
      dropped = true;
      if (client === c) client = null;
      c.end().catch(() => {});
      if (!stopped) {
        log.warn(`routing change feed lost its connection (${why}); reconnecting`);
        handlers?.onLost?.();
        schedule();
      }
    };
    c.on("error", (e) => drop(e.message));
    c.on("end", () => drop("connection ended"));
    c.on("notification", (msg) => {
      if (msg.channel === ROUTES_CHANNEL) handlers?.onChange(received(msg.payload));
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${ROUTES_CHANNEL}`);
    } catch (e) {
      dropped = true;
      c.end().catch(() => {});
      throw e;
    }
    if (stopped) {
      dropped = true;
      await c.end().catch(() => {});
      return;
    }
    client = c;
    if (failures > 0) log.info(`routing change feed listening again after ${failures} failed attempt(s)`);
    failures = 0;
    handlers?.onListening();
  }

  function schedule(): void {
    if (stopped || retry) return;
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** failures);
    const delay = base / 2 + Math.random() * (base / 2);
    failures++;
    retry = setTimeout(() => {
      retry = null;
      connect().catch((e: Error) => {
        if (failures === 1 || failures % 10 === 0) log.warn(`routing change feed cannot connect: ${e.message}`);
        schedule();
      });
    }, delay);
    retry.unref();
  }

  return {
    kind: "pg",
    async start(h) {
      handlers = h;
      await connect();
    },
    listening: () => client !== null,
    async check() {
      const c = client;
      if (!c) return;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          c.query("SELECT 1"),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
          }),
        ]);
      } catch (e) {
        // a half-open TCP connection looks alive until a query times out: drop it
        c.emit("error", e instanceof Error ? e : new Error(String(e)));
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      retry = null;
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
