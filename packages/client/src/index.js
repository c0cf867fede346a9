// Rollgate's routing client for inference services (`rollgate/client`). Zero dependencies;
// Node >= 20 (global fetch). It fetches each model's routing table, follows the change stream
// (Server-Sent Events; ETag polling while the stream cannot be had), and resolves every request
// locally with the same bucketing as the server: no network call per request. When Rollgate is
// unreachable it keeps serving the last table it had (fail-static) and reports how stale it is.
import { resolve as resolveTable, RoutingError } from "./resolve.js";

export { BUCKETS, bucketOf, candidateThreshold, hashString, inCandidate, murmur3 } from "./bucket.js";
export { resolve, RoutingError } from "./resolve.js";
export { createTelemetrySender } from "./telemetry.js";
export { MAX_REPLAY_FIELD_BYTES, replayFields } from "./replay.js";

const DEFAULTS = {
  pollIntervalMs: 5000,
  requestTimeoutMs: 5000,
  minBackoffMs: 250,
  maxBackoffMs: 15000,
  // the server sends a heartbeat every 15 s; a stream silent for longer is dead (half-open TCP)
  watchdogMs: 35000,
};

const noop = () => {};

/**
 * @param {import("./index").RoutingClientOptions} options
 * @returns {import("./index").RoutingClient}
 */
export function createRoutingClient(options) {
  const opts = { ...DEFAULTS, ...options };
  if (typeof opts.url !== "string" || !/^https?:\/\//.test(opts.url))
    throw new TypeError("createRoutingClient: url must be the http(s) base URL of Rollgate or a relay");
  if (typeof opts.token !== "string" || opts.token.length === 0)
    throw new TypeError("createRoutingClient: token is required (an API token with the scope routes:read)");
  if (!Array.isArray(opts.models) || opts.models.length === 0 || !opts.models.every((m) => typeof m === "string" && m.length > 0)) {
    throw new TypeError("createRoutingClient: models must list at least one model key");
  }
  const base = opts.url.replace(/\/+$/, "");
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new TypeError("createRoutingClient: no fetch available (Node >= 20 has one built in)");
  const logger = opts.logger ?? {};
  const log = (level, message) => {
    const fn = logger[level] ?? (level === "debug" ? undefined : logger.info);
    if (typeof fn === "function") fn.call(logger, `[rollgate client] ${message}`);
  };
  const onChange = typeof opts.onChange === "function" ? opts.onChange : noop;
  const authorization = `Bearer ${opts.token}`;
  const closing = new AbortController();
  let closed = false;
  const sleepers = new Set();

  const states = new Map();
  for (const model of new Set(opts.models)) {
    const path = `${base}/api/v1/models/${encodeURIComponent(model)}`;
    states.set(model, {
      model,
      routesUrl: `${path}/routes`,
      streamUrl: `${path}/routes/stream`,
      table: null,
      raw: null,
      etag: null,
      mode: "connecting",
      streamOpen: false,
      lastFreshAt: null,
      lastChangeAt: null,
      lastError: null,
      fatal: null,
      failures: 0,
      waiters: [],
    });
  }

  function sleep(ms) {
    if (closed) return Promise.resolve();
    return new Promise((done) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        done();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  function backoff(failures) {
    const ceiling = Math.min(opts.maxBackoffMs, opts.minBackoffMs * 2 ** Math.max(0, failures - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  function settleWaiters(s) {
    const waiters = s.waiters;
    s.waiters = [];
    for (const w of waiters) w();
  }

  function failed(s, message, status) {
    if (closed) return;
    if (s.lastError !== message) log("warn", `${s.model}: ${message}`);
    s.lastError = message;
    // a bad or under-scoped token will not fix itself: ready() says so at once
    if (status === 401 || status === 403) {
      s.fatal = message;
      settleWaiters(s);
    }
  }

  /** Holds a table unless an equal or newer one is held; the stream and polls both land here. */
  function apply(s, raw, via) {
    let table;
    try {
      table = JSON.parse(raw);
    } catch {
      failed(s, `unreadable routing table from the ${via}`);
      return;
    }
    if (!table || table.model !== s.model || typeof table.epoch !== "number" || !table.stable || typeof table.stable.version !== "string") {
      failed(s, `unexpected routing table from the ${via}`);
      return;
    }
    s.fatal = null;
    const previous = s.table;
    if (previous && (table.epoch < previous.epoch || (table.epoch === previous.epoch && raw === s.raw))) return;
    s.table = table;
    s.raw = raw;
    s.etag = `"${table.epoch}"`;
    s.lastChangeAt = Date.now();
    settleWaiters(s);
    log("debug", `${s.model}: epoch ${table.epoch} via the ${via}`);
    try {
      onChange(s.model, table, previous);
    } catch (e) {
      log("warn", `onChange threw: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function errorText(res) {
    try {
      const body = JSON.parse(await res.text());
      if (body && body.error && body.error.message) return `HTTP ${res.status}: ${body.error.message}`;
    } catch {
      // not the API's error shape (a proxy's page)
    }
    return `HTTP ${res.status}`;
  }

  /** GET …/routes with If-None-Match; true when the server confirmed or replaced the table. */
  async function poll(s) {
    try {
      const headers = { authorization, accept: "application/json" };
      if (s.etag) headers["if-none-match"] = s.etag;
      const res = await fetchImpl(s.routesUrl, {
        headers,
        signal: AbortSignal.any([closing.signal, AbortSignal.timeout(opts.requestTimeoutMs)]),
      });
      if (res.status === 304) {
        await res.body?.cancel();
        s.lastFreshAt = Date.now();
        return true;
      }
      if (res.status === 200) {
        apply(s, await res.text(), "routes endpoint");
        s.lastFreshAt = Date.now();
        return true;
      }
      failed(s, `routes: ${await errorText(res)}`, res.status);
    } catch (e) {
      failed(s, `routes: ${describe(e)}`);
    }
    return false;
  }

  /** Follows …/routes/stream until it ends; true when it was open. */
  async function stream(s) {
    const ctrl = new AbortController();
    const signal = AbortSignal.any([closing.signal, ctrl.signal]);
    let res;
    try {
      const headers = { authorization, accept: "text/event-stream" };
      if (s.table) headers["last-event-id"] = String(s.table.epoch);
      const connect = setTimeout(() => ctrl.abort(new Error("no answer")), opts.requestTimeoutMs);
      try {
        res = await fetchImpl(s.streamUrl, { headers, signal });
      } finally {
        clearTimeout(connect);
      }
    } catch (e) {
      failed(s, `stream: ${describe(e)}`);
      return false;
    }
    if (res.status !== 200 || !res.body || !(res.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
      failed(s, `stream: ${res.status === 200 ? "not an event stream" : await errorText(res)}`, res.status);
      await res.body?.cancel().catch(noop);
      return false;
    }
    s.streamOpen = true;
    s.mode = "stream";
    s.failures = 0;
    s.lastError = null;
    s.lastFreshAt = Date.now();
    let lastByteAt = Date.now();
    const watchdog = setInterval(
      () => {
        if (Date.now() - lastByteAt > opts.watchdogMs) ctrl.abort(new Error(`stream silent for ${opts.watchdogMs} ms`));
      },
      Math.max(50, Math.floor(opts.watchdogMs / 4)),
    );
    const parser = sseParser((event) => {
      if (event.type === "routes") apply(s, event.data, "stream");
    });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        lastByteAt = Date.now();
        s.lastFreshAt = lastByteAt;
        parser(decoder.decode(value, { stream: true }));
      }
      if (!closed) failed(s, "stream: the server closed it");
    } catch (e) {
      failed(s, `stream: ${describe(signal.reason ?? e)}`);
    } finally {
      clearInterval(watchdog);
      // fresh up to the moment the stream ended; staleness grows from here
      if (s.streamOpen) s.lastFreshAt = Date.now();
      s.streamOpen = false;
      reader.releaseLock();
    }
    return true;
  }

  async function follow(s) {
    await poll(s);
    while (!closed) {
      await stream(s);
      if (closed) break;
      s.failures++;
      // the stream is down: an ETag poll keeps the table confirmed while it is retried
      const polled = s.failures > 1 || !s.table ? await poll(s) : false;
      if (closed) break;
      s.mode = polled ? "polling" : s.failures > 1 ? "offline" : "reconnecting";
      await sleep(polled ? Math.min(opts.pollIntervalMs, Math.max(backoff(s.failures), opts.minBackoffMs)) : backoff(s.failures));
    }
    s.mode = "closed";
  }

  const loops = [...states.values()].map((s) =>
    follow(s).catch((e) => {
      s.mode = "offline";
      log("error", `${s.model}: the routing loop stopped: ${describe(e)}`);
    }),
  );

  function stateOf(model) {
    const s = states.get(model);
    if (!s) throw new RoutingError("no_table", `Model "${model}" is not followed by this client; add it to models.`);
    return s;
  }

  return {
    resolve(model, request) {
      const s = stateOf(model);
      if (!s.table) {
        throw new RoutingError("no_table", `No routing table for "${model}" yet${s.lastError ? ` (${s.lastError})` : ""}.`);
      }
      return { ...resolveTable(s.table, request ?? {}), epoch: s.table.epoch };
    },
    table(model) {
      return stateOf(model).table;
    },
    staleness(model) {
      const s = stateOf(model);
      if (!s.table || s.lastFreshAt === null) return Infinity;
      return s.streamOpen ? 0 : Math.max(0, Date.now() - s.lastFreshAt);
    },
    status() {
      const models = {};
      for (const s of states.values()) {
        models[s.model] = {
          mode: s.mode,
          epoch: s.table ? s.table.epoch : null,
          stalenessMs: s.table && s.lastFreshAt !== null ? (s.streamOpen ? 0 : Math.max(0, Date.now() - s.lastFreshAt)) : null,
          lastChangeAt: s.lastChangeAt === null ? null : new Date(s.lastChangeAt).toISOString(),
          lastError: s.lastError,
        };
      }
      return { closed, models };
    },
    ready(timeoutMs = 10000) {
      const pending = [...states.values()].map(
        (s) =>
          new Promise((done, fail) => {
            const check = () => {
              if (s.table) done();
              else if (s.fatal) fail(new Error(`rollgate client: ${s.model}: ${s.fatal}`));
              else if (closed) fail(new Error("rollgate client: closed"));
              else s.waiters.push(check);
            };
            check();
          }),
      );
      let timer;
      const timeout = new Promise((_, fail) => {
        timer = setTimeout(() => {
          const missing = [...states.values()].filter((s) => !s.table).map((s) => `${s.model}${s.lastError ? ` (${s.lastError})` : ""}`);
          fail(new Error(`rollgate client: no routing table within ${timeoutMs} ms for ${missing.join(", ")}`));
        }, timeoutMs);
      });
      return Promise.race([Promise.all(pending), timeout]).then(
        () => clearTimeout(timer),
        (e) => {
          clearTimeout(timer);
          throw e;
        },
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      closing.abort(new Error("closed"));
      for (const wake of [...sleepers]) wake();
      for (const s of states.values()) settleWaiters(s);
      await Promise.allSettled(loops);
    },
  };
}

function describe(e) {
  if (!e) return "unknown error";
  const cause = e.cause && e.cause.code ? ` (${e.cause.code})` : "";
  return `${e.message ?? String(e)}${cause}`;
}

/** Server-Sent Events (the WHATWG format): calls onEvent({type, data, id}) per dispatched event. */
export function sseParser(onEvent) {
  let buffer = "";
  let data = [];
  let type = "";
  let id = null;
  return (chunk) => {
    buffer += chunk;
    for (;;) {
      const nl = buffer.search(/\r\n|\n|\r/);
      if (nl < 0) break;
      // a lone \r at the end may be the first half of \r\n: wait for the next chunk
      if (buffer[nl] === "\r" && nl === buffer.length - 1) break;
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer[nl] === "\r" && buffer[nl + 1] === "\n" ? 2 : 1));
      if (line === "") {
        if (data.length > 0) onEvent({ type: type || "message", data: data.join("\n"), id });
        data = [];
        type = "";
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "data") data.push(value);
      else if (field === "event") type = value;
      else if (field === "id" && !value.includes("\0")) id = value;
    }
  };
}
