/**
 * Replay sets' server side for other features: reading sets, checking an evaluation's replay
 * against its set, freezing (the demo) and expiry (server.ts's jobs).
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { eraseTenant, REPLAY_TENANT_ERASED, type ErasureResult } from "./erasure";
export { checkReplayAgainstSet, type ReplayOnSet } from "./evaluation-check";
export { expireReplaySets, REPLAY_SET_EXPIRED, replaySetExpiryJob } from "./expiry";
export { getReplaySet, listReplaySets, listReplaySetsUntil, replaySetById, setLines } from "./queries";
export { freezeReplaySet, REPLAY_SET_FROZEN } from "./sets";
