/** One prediction, as `POST /api/v1/telemetry` takes it (README → Sending telemetry). */
export type TelemetryEvent = {
  /** idempotency key; generated (a UUID) when missing */
  request_id?: string;
  model: string;
  version: string;
  tenant: string;
  /** ISO 8601 with a zone, or epoch milliseconds */
  ts: string | number;
  latency_ms: number;
  outcome: "ok" | "error";
  error_class?: "schema" | "timeout" | "upstream" | "model";
  score?: number;
  cost?: number;
  label?: string | number | boolean;
  prediction?: unknown;
  tokens?: { input: number; output: number };
  flags?: string[];
  features?: Record<string, number | string | boolean | null>;
  /** the request's input, kept for replay when the model's policy captures it (scrubbed by its rules first); ≤ 16 KiB as JSON */
  input?: Record<string, unknown>;
  /** the served output kept with a captured input (default: `prediction`); ≤ 16 KiB as JSON */
  output?: Record<string, unknown>;
};

export type TelemetryIssue = { path: string; message: string };

export type TelemetryLogger = {
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
};

/**
 * Why events were dropped: the buffer was full, the sender was closed, the event could not be
 * serialised as JSON (a BigInt, a cyclic object, a throwing toJSON: only that event is dropped,
 * the rest of its batch is sent), or the server refused the batch (e.g. http_401).
 */
export type DropReason = "buffer_full" | "closed" | "unserializable" | `http_${number}`;

export type TelemetrySenderOptions = {
  /** base URL of Rollgate, e.g. http://rollgate.internal:3000 */
  url: string;
  /** API token with the scope telemetry:write */
  token: string;
  /** events per request; default 1000 (the server takes up to 5000) */
  maxBatch?: number;
  /** a partial batch is sent at least this often; default 1000 */
  flushIntervalMs?: number;
  /** events held (buffered + in flight) before send() starts dropping; default 100000 */
  maxBuffer?: number;
  /** per request; default 10000 */
  requestTimeoutMs?: number;
  /** retry backoff: full jitter up to minBackoffMs · 2^attempt, never above maxBackoffMs; Retry-After is honoured up to maxBackoffMs. Defaults 250 and 30000 */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** called with the events that could not be kept or delivered */
  onDrop?: (events: TelemetryEvent[], reason: DropReason) => void;
  /** called for each event the server refused as invalid (202 with `rejected`) */
  onReject?: (event: TelemetryEvent, issues: TelemetryIssue[]) => void;
  /** receives retries (warn) and refusals (error); silent by default */
  logger?: TelemetryLogger;
  /** replaces the global fetch (tests, custom agents) */
  fetch?: typeof fetch;
  /** replaces Math.random for the jitter (tests) */
  random?: () => number;
};

export type TelemetrySenderStats = {
  /** events the server acknowledged (accepted + duplicates) */
  sent: number;
  accepted: number;
  /** events the server already had (a retried batch whose first answer was lost) */
  duplicates: number;
  /** events the server refused as invalid */
  rejected: number;
  /** requests sent again after a 503, 429, timeout or network error */
  retried: number;
  /** events not delivered: buffer full, closed before delivery, not serialisable, or a batch refused with a 4xx */
  dropped: number;
  /** of `dropped`, events JSON.stringify could not serialise (BigInt, cycles); see onDrop */
  unserializable: number;
  /** events held now (waiting + in flight) */
  buffered: number;
  /** acknowledged requests */
  batches: number;
};

export type TelemetrySender = {
  /** Queues one event; never blocks or throws. false when it was dropped (buffer full or closed). */
  send(event: TelemetryEvent): boolean;
  /** Resolves when every event queued before the call is acknowledged, rejected or dropped. */
  flush(): Promise<void>;
  /** Stops the timer, delivers what is buffered (up to timeoutMs, default 30000), drops and counts the rest. */
  close(options?: { timeoutMs?: number }): Promise<TelemetrySenderStats>;
  stats(): TelemetrySenderStats;
};

export function createTelemetrySender(options: TelemetrySenderOptions): TelemetrySender;
