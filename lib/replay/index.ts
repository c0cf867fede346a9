/**
 * Replay sets for other features and the browser: the set's shape, the erasure note, and the
 * inputs' schemas. Client-safe.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { erasureNote, type ReplaySetDto } from "./dto";
export { MAX_SET_SIZE, SET_NAME, erasureBodySchema, freezeBodySchema } from "./schemas";
