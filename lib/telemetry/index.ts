/**
 * Telemetry's client-safe surface for other features: the event schema and its types.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { type ErrorClass } from "./schemas";
