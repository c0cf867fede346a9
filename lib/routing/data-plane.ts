// The data plane (README → Routing for inference services): the three routing endpoints inference services hit,
// answered by plain node:http from the in-memory snapshot, never by Next.js. server.ts puts
// `handle` in front of Next; `rollgate relay` serves it alone.
//
//   GET /api/v1/models/{m}/routes          the table; ETag "<epoch>", If-None-Match → 304
//   GET /api/v1/models/{m}/routes/stream   Server-Sent Events: the table now, then every change
//   GET /api/v1/models/{m}/resolve?tenant=&key=   {version, reason, shadowVersion?, epoch}
//
// Their route contracts, from which the OpenAPI document describes them: contracts.ts.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolve, RoutingError } from "@rollgate/client/resolve";
import { bearerFrom } from "../auth/tokens";
import type { Database } from "../database/open";
import type { FieldIssue } from "../errors";
import type { RoutingLog } from "./change-feed";
import { consoleLog, RouteSnapshot, type SnapshotEntry, type SnapshotOptions, type SnapshotStatus } from "./snapshot";
import { TokenCache, type TokenCacheOptions, type TokenVerdict } from "./token-cache";

export type DataPlaneOptions = {
  log?: RoutingLog;
  /** headers every response carries (lib/http/security-headers.ts) */
  headers?: Readonly<Record<string, string>>;
  /** SSE heartbeat comment period; default 15 s (proxies close idle connections) */
  heartbeatMs?: number;
  /** the reconnect delay an SSE client is told (`retry:`); default 1000 ms */
  retryMs?: number;
  resyncMs?: SnapshotOptions["resyncMs"];
  feed?: SnapshotOptions["feed"];
  tokens?: TokenCacheOptions;
};

export type DataPlaneStatus = SnapshotStatus & { streams: number };

/** Whether a stream's token still lets it read routes: refused, expired, revoked or disabled ends it. */
function streamMayContinue(v: TokenVerdict): boolean {
  // "unavailable": the database cannot be read and the cache never knew the token (it did when
  // the stream opened, so this does not happen); fail-static, like every other answer then
  if (!v.ok) return v.why === "unavailable";
  return v.scopes.has(SCOPE);
}

export type DataPlane = {
  /** Answers the data plane's paths and returns true; returns false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  snapshot: RouteSnapshot;
  status(): DataPlaneStatus;
  /** Ends every open stream and stops following changes. */
  stop(): Promise<void>;
};

const SCOPE = "routes:read";
const MAX_PARAM = 256;

type Kind = "routes" | "stream" | "resolve";

/**
 * The paths the data plane answers (GET and HEAD), `{model}` standing for the model key. Each
 * has its route contract (contracts.ts); contracts.test.ts fails when the two disagree.
 */
export const DATA_PLANE_PATHS = {
  routes: "/api/v1/models/{model}/routes",
  stream: "/api/v1/models/{model}/routes/stream",
  resolve: "/api/v1/models/{model}/resolve",
} as const satisfies Record<Kind, string>;

const PREFIX = "/api/v1/models/";
// what follows the model key in each path, compared as plain strings on every request
const suffixOf = (template: string) => template.slice(`${PREFIX}{model}`.length);
const ROUTES_SUFFIX = suffixOf(DATA_PLANE_PATHS.routes);
const STREAM_SUFFIX = suffixOf(DATA_PLANE_PATHS.stream);
const RESOLVE_SUFFIX = suffixOf(DATA_PLANE_PATHS.resolve);

type Stream = {
  res: ServerResponse;
  /** the token it was opened with (TokenCache.hashOf), checked again before every write */
  tokenHash: string;
  blocked: boolean;
  /** the latest event not yet written to a slow client (older ones are superseded) */
  pending: Buffer | null;
  /** a change waiting for the token check; the check running; a change came during it */
  unchecked: Buffer | null;
  checking: boolean;
  closed: boolean;
  close(): void;
};

const HEARTBEAT = Buffer.from(": heartbeat\n\n");
/** The last event of a stream whose token no longer holds; then the stream ends. */
const REFUSED = Buffer.from(
  `event: unauthorized\ndata: ${JSON.stringify({ error: { code: "unauthorized", message: "The API token was revoked or expired, or its owner's account was disabled." } })}\n\n`,
);
/**
 * The listen backlog for a server that holds routing streams. Node's default, 511, is less than
 * the connections a fleet opens at once when it reconnects (a relay restarts, a network blip):
 * the SYNs beyond the accept queue are dropped and retried by the kernel after 1 s, 3 s, 7 s…,
 * so a 10,000-client fleet took seconds to be back on the stream. The kernel caps this at
 * net.core.somaxconn (4096 by default since Linux 5.4), so that setting decides.
 */
export const LISTEN_BACKLOG = 65_535;

/** Response header while the tables served may be out of date (the database is unreachable): seconds since they were last known current. */
export const STALE_HEADER = "rollgate-stale";

// Request ids: a random prefix per process and a counter — unique across instances for log
// correlation, and cheaper than a UUID per request. A caller's own x-request-id is kept.
const ID_PREFIX = `rt-${randomBytes(6).toString("hex")}-`;
let idCounter = 0;
export function requestIdFor(incoming: string | string[] | undefined): string {
  const given = Array.isArray(incoming) ? incoming[0] : incoming;
  if (given && given.length <= 128 && /^[\w.:-]+$/.test(given)) return given;
  return ID_PREFIX + (++idCounter).toString(36);
}

export async function startDataPlane(db: Database, opts: DataPlaneOptions = {}): Promise<DataPlane> {
  const log = opts.log ?? consoleLog;
  const snapshot = new RouteSnapshot(db, { log, resyncMs: opts.resyncMs, feed: opts.feed });
  await snapshot.start();
  const tokens = new TokenCache(db.prisma, { log, ...opts.tokens });
  // so that a token first presented while the database is away is known (token-cache.ts)
  await tokens.warm();
  const common = Object.entries(opts.headers ?? {});
  const streams = new Set<Stream>();
  const answerCache = new WeakMap<SnapshotEntry, Map<string, Buffer>>();
  const retryMs = opts.retryMs ?? 1000;
  // Every heartbeat checks each stream's token (from the cache, which the refresh pass keeps
  // within a second of the database for tokens in use): a revoked token's stream ends within
  // one heartbeat even when nothing changes.
  const heartbeat = setInterval(() => {
    const stale = snapshot.staleSeconds();
    const beat = stale === null ? HEARTBEAT : Buffer.concat([HEARTBEAT, staleEvent(stale)]);
    for (const s of streams) {
      const v = tokens.verifyHash(s.tokenHash);
      if (v instanceof Promise) void v.then((verdict) => heartbeatOrEnd(s, verdict, beat));
      else heartbeatOrEnd(s, v, beat);
    }
  }, opts.heartbeatMs ?? 15_000);
  heartbeat.unref();

  function heartbeatOrEnd(s: Stream, v: TokenVerdict, beat: Buffer): void {
    if (s.closed) return;
    if (!streamMayContinue(v)) return refuse(s);
    if (!s.blocked && !s.res.destroyed) s.res.write(beat);
  }

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = req.url;
    if (!url || !url.startsWith(PREFIX) || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const q = url.indexOf("?");
    const path = q < 0 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, q);
    const slash = path.indexOf("/");
    if (slash <= 0) return false;
    const rest = path.slice(slash);
    const kind: Kind | null =
      rest === ROUTES_SUFFIX ? "routes" : rest === STREAM_SUFFIX ? "stream" : rest === RESOLVE_SUFFIX ? "resolve" : null;
    if (!kind) return false;
    for (const [name, value] of common) res.setHeader(name, value);
    const requestId = requestIdFor(req.headers["x-request-id"]);
    let model = path.slice(0, slash);
    if (model.includes("%")) {
      try {
        model = decodeURIComponent(model);
      } catch {
        model = "";
      }
    }
    const secret = bearer(req);
    const auth = typeof secret === "string" ? tokens.verify(secret) : secret;
    const query = q < 0 ? "" : url.slice(q + 1);
    if (auth instanceof Promise) {
      auth.then(
        (verdict) => serveSafely(req, res, kind, model, query, requestId, verdict, secret as string),
        () => fail(res, requestId, 503, "unavailable", "The API token could not be checked; try again shortly.", { "retry-after": "5" }),
      );
    } else {
      serveSafely(req, res, kind, model, query, requestId, auth, typeof secret === "string" ? secret : "");
    }
    return true;
  }

  function serveSafely(...args: Parameters<typeof serve>): void {
    try {
      serve(...args);
    } catch (e) {
      const [, res, , , , requestId] = args;
      log.warn(`[${requestId}] data plane error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent)
        fail(res, requestId, 500, "internal", `Something went wrong on our side. Quote request id ${requestId} when reporting it.`);
      else res.destroy();
    }
  }

  function bearer(req: IncomingMessage): string | "missing" | "bad-header" {
    const header = req.headers.authorization;
    if (!header) return "missing";
    return bearerFrom(header) ?? "bad-header";
  }

  function serve(
    req: IncomingMessage,
    res: ServerResponse,
    kind: Kind,
    model: string,
    query: string,
    requestId: string,
    auth: TokenVerdict | "missing" | "bad-header",
    secret: string,
  ): void {
    if (auth === "missing")
      return fail(res, requestId, 401, "unauthorized", "Send an API token with the scope routes:read (Authorization: Bearer <token>).");
    if (auth === "bad-header") return fail(res, requestId, 401, "unauthorized", "The Authorization header must be `Bearer <token>`.");
    if (!auth.ok) {
      if (auth.why === "unavailable")
        return fail(
          res,
          requestId,
          503,
          "unavailable",
          "The database is unreachable, so this token cannot be checked; try again shortly.",
          { "retry-after": "5" },
        );
      if (auth.why === "disabled") return fail(res, requestId, 401, "unauthorized", "The API token belongs to a disabled account.");
      return fail(res, requestId, 401, "unauthorized", "The API token is unknown, revoked or expired.");
    }
    if (!auth.scopes.has(SCOPE)) return fail(res, requestId, 403, "forbidden", `This token lacks the scope ${SCOPE}.`);
    // only callers allowed to read routes learn that the database is away
    const stale = snapshot.staleSeconds();
    if (stale !== null) res.setHeader(STALE_HEADER, String(stale));
    const entry = model ? snapshot.get(model) : undefined;
    if (!entry) {
      return fail(
        res,
        requestId,
        404,
        "not_found",
        `Model "${model}" has no routing table: it does not exist or has no version in production yet.`,
      );
    }
    if (kind === "routes") return routes(req, res, entry, requestId);
    if (kind === "stream") return stream(req, res, model, entry, requestId, tokens.hashOf(secret) ?? "");
    return resolveRequest(req, res, entry, query, requestId);
  }

  function routes(req: IncomingMessage, res: ServerResponse, entry: SnapshotEntry, requestId: string): void {
    if (matchesEtag(req.headers["if-none-match"], entry.etag)) {
      res.writeHead(304, { etag: entry.etag, "cache-control": "no-cache", "x-request-id": requestId });
      res.end();
      return;
    }
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": entry.body.length,
      etag: entry.etag,
      "cache-control": "no-cache",
      "x-request-id": requestId,
    });
    res.end(req.method === "HEAD" ? undefined : entry.body);
  }

  function resolveRequest(req: IncomingMessage, res: ServerResponse, entry: SnapshotEntry, query: string, requestId: string): void {
    const { tenant, key, issues } = resolveQuery(query);
    if (issues.length > 0) {
      return fail(res, requestId, 422, "schema_error", `${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, undefined, issues);
    }
    let decision: ReturnType<typeof resolve>;
    try {
      decision = resolve(entry.table, { tenant, key });
    } catch (e) {
      // the snapshot only holds tables with a stable version; this is a guard, not a path
      if (e instanceof RoutingError) return fail(res, requestId, 404, "not_found", e.message);
      throw e;
    }
    // A table has a handful of distinct answers (stable, candidate, shadow, one per pinned
    // version): each is serialised once per table, not once per request.
    let answers = answerCache.get(entry);
    if (!answers) answerCache.set(entry, (answers = new Map()));
    const cacheKey = `${decision.reason}\0${decision.version}\0${decision.shadowVersion ?? ""}`;
    let body = answers.get(cacheKey);
    if (!body) {
      body = Buffer.from(JSON.stringify({ ...decision, epoch: entry.table.epoch }));
      answers.set(cacheKey, body);
    }
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "content-length": body.length,
      "cache-control": "no-cache",
      "x-request-id": requestId,
    });
    res.end(req.method === "HEAD" ? undefined : body);
  }

  function stream(
    req: IncomingMessage,
    res: ServerResponse,
    model: string,
    entry: SnapshotEntry,
    requestId: string,
    tokenHash: string,
  ): void {
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      // nginx and similar proxies would otherwise buffer the stream
      "x-accel-buffering": "no",
      "x-request-id": requestId,
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    req.socket.setNoDelay(true);
    // Last-Event-ID or not, a (re)connecting client gets the current table first: it replaces
    // whatever the client holds, so no history needs replaying.
    res.write(Buffer.concat([Buffer.from(`retry: ${retryMs}\n\n`), entry.event]));
    const s: Stream = {
      res,
      tokenHash,
      blocked: false,
      pending: null,
      unchecked: null,
      checking: false,
      closed: false,
      close: () => {
        s.closed = true;
        unsubscribe();
        streams.delete(s);
      },
    };
    const unsubscribe = snapshot.subscribe(model, (next) => deliver(s, next.event));
    streams.add(s);
    res.on("close", s.close);
    // a write racing the client's disconnect must not surface as an unhandled error
    res.on("error", s.close);
  }

  /**
   * A change reaches a stream only after its token was read again from the database (one query
   * for every stream's token, batched per tick): a stream of a revoked token, an expired one or
   * one whose owner was disabled ends instead of receiving it.
   */
  function deliver(s: Stream, event: Buffer): void {
    s.unchecked = event;
    if (s.checking) return;
    s.checking = true;
    const check = (): void => {
      // the change this check is for: it arrived before the check's read started
      const checked = s.unchecked;
      void tokens.recheck(s.tokenHash).then((verdict) => {
        if (s.closed) return;
        if (!streamMayContinue(verdict)) return refuse(s);
        if (checked) push(s, checked);
        if (s.unchecked === checked) {
          s.unchecked = null;
          s.checking = false;
        } else {
          // a change that arrived during the check may have committed after its read: again
          check();
        }
      });
    };
    check();
  }

  /** Ends a stream whose token no longer holds, with an event saying why. */
  function refuse(s: Stream): void {
    if (s.closed) return;
    s.close();
    if (!s.res.destroyed) s.res.end(REFUSED);
  }

  function push(s: Stream, event: Buffer): void {
    if (s.blocked) {
      s.pending = event;
      return;
    }
    if (!s.res.write(event)) {
      s.blocked = true;
      s.res.once("drain", () => {
        s.blocked = false;
        const next = s.pending;
        s.pending = null;
        if (next) push(s, next);
      });
    }
  }

  return {
    handle,
    snapshot,
    status: () => ({ ...snapshot.status(), streams: streams.size }),
    async stop() {
      clearInterval(heartbeat);
      tokens.stop();
      for (const s of [...streams]) {
        s.close();
        s.res.end();
      }
      await snapshot.stop();
    },
  };
}

function staleEvent(seconds: number): Buffer {
  return Buffer.from(`event: stale\ndata: {"staleSeconds":${seconds}}\n\n`);
}

/** tenant and key from a query string (the first of each), with every problem named by field. */
export function resolveQuery(query: string): { tenant: string | null; key: string | null; issues: FieldIssue[] } {
  let tenant: string | null = null;
  let key: string | null = null;
  const issues: FieldIssue[] = [];
  if (query) {
    for (const part of query.split("&")) {
      const eq = part.indexOf("=");
      const name = eq < 0 ? part : part.slice(0, eq);
      if (name !== "tenant" && name !== "key") continue;
      if ((name === "tenant" ? tenant : key) !== null) continue;
      let value = eq < 0 ? "" : part.slice(eq + 1);
      if (value.includes("%") || value.includes("+")) {
        try {
          value = decodeURIComponent(value.replace(/\+/g, " "));
        } catch {
          issues.push({ path: name, message: "is not valid percent-encoding" });
          continue;
        }
      }
      if (value.length > MAX_PARAM) issues.push({ path: name, message: `must be at most ${MAX_PARAM} characters` });
      if (name === "tenant") tenant = value;
      else key = value;
    }
  }
  if (!tenant && !key && issues.length === 0) {
    issues.push({
      path: "key",
      message: "give a routing key (key) or a tenant (tenant); the tenant is the routing key when no key is given",
    });
  }
  return { tenant: tenant || null, key: key || null, issues };
}

/** If-None-Match: a list of entity tags, weak or strong, or `*`. */
export function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const value = Array.isArray(header) ? header.join(",") : header;
  if (value === etag) return true;
  for (const raw of value.split(",")) {
    const tag = raw.trim();
    if (tag === "*" || tag === etag || (tag.startsWith("W/") && tag.slice(2) === etag)) return true;
  }
  return false;
}

/** The API's error shape (README → API). */
export function fail(
  res: ServerResponse,
  requestId: string,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
  issues?: FieldIssue[],
): void {
  const body = JSON.stringify({ error: { code, message, ...(issues ? { issues } : {}) } });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-request-id": requestId,
    ...(status === 401 ? { "www-authenticate": 'Bearer realm="rollgate"' } : {}),
    ...headers,
  });
  res.end(body);
}
