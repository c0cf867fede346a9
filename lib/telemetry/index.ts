/**
 * Telemetry's client-safe surface for other features: the event schema and its types, and how a
 * latency histogram bucket reads.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { type ErrorClass } from "./schemas";
export { bucketValueMs } from "./histogram";
