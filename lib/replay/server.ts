/**
 * Replay's server side for other features: capturing requests at ingest (the rules, the choice,
 * the scrub key), reading sets, checking an evaluation's replay against its set, freezing and
 * expiry. No "server-only" marker: server.ts loads the jobs under tsx.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { capturesRequest, replayBucket } from "./capture";
export { replayRulesOf, type ReplayRules } from "./rules";
export { scrub, type Hasher, type Scrubbed } from "./scrub";
export { HASH_PREFIX, loadScrubKey, scrubHasher } from "./scrub-key";
