// Rollgate's telemetry sender for inference services (`rollgate/client`). Zero dependencies;
// Node >= 20 (global fetch). send(event) only appends to a bounded buffer, never blocks and
// never throws; batches go to POST /api/v1/telemetry one at a time (up to maxBatch events, at
// least every flushIntervalMs). A batch that meets 503, 429, 408, another 5xx, a timeout or a
// network error is sent again, unchanged, after an exponential backoff with full jitter (at
// least the server's Retry-After, at most maxBackoffMs): nothing is dropped while the buffer
// has room. Request ids make a re-sent batch idempotent on the server (a request id already
// recorded counts as a duplicate), so a retry after a lost acknowledgement counts nothing twice.
// When the buffer is full, send() drops the new event and counts it (stats().dropped, onDrop).
// An event JSON cannot serialise (a BigInt, a cycle, a throwing toJSON) is the caller's bug,
// not a network error: it is dropped on its own (reason "unserializable") and the rest of its
// batch goes out, instead of the whole batch being retried for ever.
const DEFAULTS = {
  maxBatch: 1000,
  flushIntervalMs: 1000,
  maxBuffer: 100000,
  requestTimeoutMs: 10000,
  minBackoffMs: 250,
  maxBackoffMs: 30000,
};

// The server's own limit per request (docs/api.md → Telemetry).
const SERVER_MAX_BATCH = 5000;

const noop = () => {};

/** Retry-After as milliseconds (seconds or an HTTP date), or 0. */
function retryAfterMs(header, now = Date.now()) {
  if (!header) return 0;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

const retryableStatus = (s) => s === 408 || s === 425 || s === 429 || s >= 500;

/**
 * @param {import("./telemetry").TelemetrySenderOptions} options
 * @returns {import("./telemetry").TelemetrySender}
 */
export function createTelemetrySender(options) {
  const opts = { ...DEFAULTS, ...options };
  if (typeof opts.url !== "string" || !/^https?:\/\//.test(opts.url)) {
    throw new TypeError("createTelemetrySender: url must be the http(s) base URL of Rollgate");
  }
  if (typeof opts.token !== "string" || opts.token.length === 0) {
    throw new TypeError("createTelemetrySender: token is required (an API token with the scope telemetry:write)");
  }
  for (const k of ["maxBatch", "flushIntervalMs", "maxBuffer", "requestTimeoutMs", "minBackoffMs", "maxBackoffMs"]) {
    if (!Number.isFinite(opts[k]) || opts[k] <= 0) throw new TypeError(`createTelemetrySender: ${k} must be a positive number`);
  }
  const maxBatch = Math.min(Math.floor(opts.maxBatch), SERVER_MAX_BATCH);
  const maxBuffer = Math.floor(opts.maxBuffer);
  const endpoint = opts.url.replace(/\/+$/, "").replace(/\/api\/v1\/telemetry$/, "") + "/api/v1/telemetry";
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== "function") throw new TypeError("createTelemetrySender: no fetch available (Node >= 20 has one built in)");
  const onDrop = typeof opts.onDrop === "function" ? opts.onDrop : noop;
  const onReject = typeof opts.onReject === "function" ? opts.onReject : noop;
  const logger = opts.logger ?? {};
  const log = (level, message) => {
    const fn = logger[level] ?? logger.info;
    if (typeof fn === "function") fn.call(logger, `[rollgate telemetry] ${message}`);
  };
  const authorization = `Bearer ${opts.token}`;
  const random = typeof opts.random === "function" ? opts.random : Math.random;

  // The buffer: events not yet taken into a batch. `inFlight` counts the batch being sent.
  let queue = [];
  let head = 0;
  let inFlight = 0;
  let closed = false;
  let pumping = false;
  const closing = new AbortController();
  // Every event is counted once in `settled` when it is acknowledged, rejected or dropped;
  // flush() waits until everything enqueued before it is settled.
  let enqueued = 0;
  let settled = 0;
  const waiters = new Set();
  const counts = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, retried: 0, dropped: 0, unserializable: 0, batches: 0 };

  const buffered = () => queue.length - head + inFlight;

  const settle = (n) => {
    settled += n;
    for (const w of waiters) {
      if (settled >= w.target) {
        waiters.delete(w);
        w.resolve();
      }
    }
  };

  const drop = (events, reason) => {
    counts.dropped += events.length;
    try {
      onDrop(events, reason);
    } catch {
      // a failing callback must not break the sender
    }
  };

  const sleep = (ms) =>
    new Promise((resolve) => {
      if (closing.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        closing.signal.removeEventListener("abort", done);
        resolve();
      }
      closing.signal.addEventListener("abort", done, { once: true });
    });

  const backoff = (attempt, serverMs) => {
    const ceiling = Math.min(opts.maxBackoffMs, opts.minBackoffMs * 2 ** Math.min(attempt, 30));
    return Math.min(opts.maxBackoffMs, Math.max(serverMs, random() * ceiling));
  };

  /**
   * The request body for `events`, serialising each on its own: events that cannot be
   * serialised are left out and returned in `poison`; `kept` are the events in the body, in order.
   */
  function serialise(events) {
    const parts = [];
    const kept = [];
    const poison = [];
    for (const e of events) {
      let text;
      try {
        text = JSON.stringify(e);
      } catch (error) {
        poison.push({ event: e, error });
        continue;
      }
      // undefined (or a toJSON returning undefined) goes as null: the server refuses it by index
      parts.push(text === undefined ? "null" : text);
      kept.push(e);
    }
    return { body: `{"events":[${parts.join(",")}]}`, kept, poison };
  }

  /** One POST; resolves to {status, body, retryAfter} or {error} for network errors and timeouts. */
  async function post(bodyText) {
    const ctl = new AbortController();
    const abort = () => ctl.abort();
    const timer = setTimeout(abort, opts.requestTimeoutMs);
    closing.signal.addEventListener("abort", abort, { once: true });
    try {
      const res = await fetchImpl(endpoint, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: bodyText,
        signal: ctl.signal,
      });
      const text = await res.text();
      let body = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      return { status: res.status, body, retryAfter: retryAfterMs(res.headers.get("retry-after")) };
    } catch (error) {
      return { error };
    } finally {
      clearTimeout(timer);
      closing.signal.removeEventListener("abort", abort);
    }
  }

  /** Delivers one batch: retries until acknowledged; splits on 413; gives up only on a 4xx or when aborted by close(). */
  async function deliver(batch) {
    const { body: bodyText, kept: events, poison } = serialise(batch);
    if (poison.length) {
      counts.unserializable += poison.length;
      const first = poison[0].error;
      log(
        "error",
        `dropping ${poison.length} event(s) that cannot be serialised as JSON: ${first && first.message ? first.message : first}`,
      );
      drop(
        poison.map((p) => p.event),
        "unserializable",
      );
    }
    if (events.length === 0) return;
    for (let attempt = 0; ; attempt++) {
      if (closing.signal.aborted) {
        drop(events, "closed");
        return;
      }
      const r = await post(bodyText);
      if (r.status === 202 || r.status === 200) {
        const accepted = Number(r.body?.accepted ?? events.length);
        const duplicates = Number(r.body?.duplicates ?? 0);
        const rejected = Array.isArray(r.body?.rejected) ? r.body.rejected : [];
        counts.batches++;
        counts.accepted += accepted;
        counts.duplicates += duplicates;
        counts.sent += accepted + duplicates;
        counts.rejected += rejected.length;
        for (const rej of rejected) {
          try {
            onReject(events[rej.index], rej.issues ?? []);
          } catch {
            // ignore
          }
        }
        if (rejected.length) log("warn", `${rejected.length} of ${events.length} events were rejected as invalid`);
        return;
      }
      if (r.status === 413 && events.length > 1) {
        const half = Math.ceil(events.length / 2);
        await deliver(events.slice(0, half));
        await deliver(events.slice(half));
        return;
      }
      if (r.status !== undefined && !retryableStatus(r.status)) {
        const message = r.body?.error?.message ?? `HTTP ${r.status}`;
        log("error", `dropping ${events.length} events: ${message}`);
        drop(events, `http_${r.status}`);
        return;
      }
      counts.retried++;
      const wait = backoff(attempt, r.retryAfter ?? 0);
      log(
        "warn",
        `batch of ${events.length} not delivered (${r.error ? (r.error.message ?? r.error) : `HTTP ${r.status}`}); retrying in ${Math.round(wait)} ms`,
      );
      await sleep(wait);
    }
  }

  async function pump() {
    if (pumping) return;
    pumping = true;
    try {
      while (head < queue.length) {
        const end = Math.min(queue.length, head + maxBatch);
        const batch = queue.slice(head, end);
        head = end;
        if (head >= 4096 && head * 2 >= queue.length) {
          queue = queue.slice(head);
          head = 0;
        }
        inFlight = batch.length;
        try {
          await deliver(batch);
        } finally {
          inFlight = 0;
          settle(batch.length);
        }
        // a partial batch waits for the timer unless more is asked for
        if (queue.length - head < maxBatch && !closed && waiters.size === 0) break;
      }
    } finally {
      pumping = false;
    }
  }

  const kick = () => {
    void pump();
  };

  const timer = setInterval(kick, opts.flushIntervalMs);
  if (typeof timer.unref === "function") timer.unref();

  function send(event) {
    if (closed) {
      drop([event], "closed");
      return false;
    }
    if (buffered() >= maxBuffer) {
      drop([event], "buffer_full");
      return false;
    }
    const e = event && typeof event === "object" && !event.request_id ? { ...event, request_id: globalThis.crypto.randomUUID() } : event;
    queue.push(e);
    enqueued++;
    if (queue.length - head >= maxBatch && !pumping) kick();
    return true;
  }

  function flush() {
    const target = enqueued;
    if (settled >= target) return Promise.resolve();
    const p = new Promise((resolve) => waiters.add({ target, resolve }));
    kick();
    return p;
  }

  function stats() {
    return { ...counts, buffered: buffered() };
  }

  async function close(closeOptions = {}) {
    if (!closed) {
      closed = true;
      clearInterval(timer);
    }
    const timeoutMs = closeOptions.timeoutMs ?? 30000;
    let t;
    const deadline = new Promise((resolve) => {
      t = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([flush(), deadline]);
    clearTimeout(t);
    if (buffered() > 0) {
      // out of time: give up on what is left, and count it
      closing.abort();
      const rest = queue.slice(head);
      queue = [];
      head = 0;
      if (rest.length) {
        drop(rest, "closed");
        settle(rest.length);
      }
      await flush();
    }
    return stats();
  }

  return { send, flush, close, stats };
}
