/**
 * The lifecycle's client-safe surface for other features: its input schemas.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { type ReplayResult } from "./schemas";
