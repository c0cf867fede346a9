import type { RouteDecision, RouteRequest, RouteTable } from "./resolve.js";

export type { RouteDecision, RouteRequest, RouteTable } from "./resolve.js";
export { resolve, RoutingError } from "./resolve.js";
export { createTelemetrySender } from "./telemetry.js";
export { MAX_REPLAY_FIELD_BYTES, replayFields } from "./replay.js";
export type { TelemetryEvent, TelemetrySender, TelemetrySenderOptions, TelemetrySenderStats } from "./telemetry.js";
export { BUCKETS, bucketOf, candidateThreshold, hashString, inCandidate, murmur3 } from "./bucket.js";

export type RoutingClientLogger = {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
};

export type RoutingClientOptions = {
  /** base URL of Rollgate or of a relay, e.g. http://rollgate.internal:3000 */
  url: string;
  /** API token with the scope routes:read */
  token: string;
  /** model keys to follow */
  models: string[];
  /** called after a model's table changed (not for the same epoch again) */
  onChange?: (model: string, table: RouteTable, previous: RouteTable | null) => void;
  /** receives connection problems (warn) and recoveries (info); silent by default */
  logger?: RoutingClientLogger;
  /** ETag polling period while the stream cannot be had; default 5000 */
  pollIntervalMs?: number;
  /** timeout of a table fetch and of opening the stream; default 5000 */
  requestTimeoutMs?: number;
  /** reconnect backoff bounds; defaults 250 and 15000 */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** a stream without a byte (heartbeats come every 15 s) for this long is reopened; default 35000 */
  watchdogMs?: number;
  /** replaces the global fetch (tests, custom agents) */
  fetch?: typeof fetch;
};

export type RoutingClientModelStatus = {
  /** how the table is kept fresh right now */
  mode: "connecting" | "stream" | "reconnecting" | "polling" | "offline" | "closed";
  epoch: number | null;
  /** as staleness(model); null before the first table */
  stalenessMs: number | null;
  lastChangeAt: string | null;
  lastError: string | null;
};

export type RoutingClient = {
  /**
   * The version for this request, decided locally from the held table (no network). Throws
   * RoutingError "no_table" before the model's first table arrived, "no_routing_key" without
   * a key or tenant.
   */
  resolve(model: string, request: RouteRequest): RouteDecision & { epoch: number };
  /** the table held for the model, or null before the first one */
  table(model: string): RouteTable | null;
  /**
   * Milliseconds since the table was last confirmed current: 0 while the stream is open, the
   * time since the last successful poll or since the stream ended otherwise, Infinity before
   * the first table.
   */
  staleness(model: string): number;
  status(): { closed: boolean; models: Record<string, RoutingClientModelStatus> };
  /** resolves once every model has a table; rejects on a refused token (401/403) or the timeout (default 10 s) */
  ready(timeoutMs?: number): Promise<void>;
  /** stops following; resolve keeps answering from the last tables */
  close(): Promise<void>;
};

export declare function createRoutingClient(options: RoutingClientOptions): RoutingClient;

/** Server-Sent Events parser: feed it text chunks; it calls onEvent per dispatched event. */
export declare function sseParser(onEvent: (event: { type: string; data: string; id: string | null }) => void): (chunk: string) => void;
