/**
 * Replay's server side for other features: capturing requests at ingest (the rules, the choice,
 * the scrub key), reading sets, checking an evaluation's replay against its set, freezing (the
 * demo) and expiry (server.ts's jobs).
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { capturesRequest, replayBucket } from "./capture";
export { replayRulesOf, type ReplayRules } from "./rules";
export { scrub, scrubCapture, type Hasher, type Scrubbed } from "./scrub";
export { HASH_PREFIX, loadScrubKey, scrubHasher } from "./scrub-key";
export { eraseTenant, REPLAY_TENANT_ERASED, type ErasureResult } from "./erasure";
export { checkReplayAgainstSet, type ReplayOnSet } from "./evaluation-check";
export { expireReplaySets, REPLAY_SET_EXPIRED, replaySetExpiryJob } from "./expiry";
export { getReplaySet, listReplaySets, listReplaySetsUntil, replaySetById, setLines } from "./queries";
export { freezeReplaySet, REPLAY_SET_FROZEN } from "./sets";
