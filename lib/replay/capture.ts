/**
 * Which production requests are kept for replay (policy `replay.capture`). Like the prediction
 * sample (lib/telemetry/sampling.ts) the choice follows from the request id alone, so a retried
 * request is chosen the same way on every server; the bucket is salted, so the replay sample is
 * independent of the prediction sample (a request can be in one and not the other).
 *
 *   bucket(id) = the first 4 bytes of SHA-256("replay:" + UTF-8 id), big-endian, ÷ 2^32
 *   chosen     = bucket(id) < rate
 *
 * `printf 'replay:%s' "$ID" | sha256sum | cut -c1-8` is the bucket as 8 hex digits.
 */
import { createHash } from "node:crypto";

export const REPLAY_SALT = "replay:";

export function replayBucket(requestId: string): number {
  return (
    createHash("sha256")
      .update(REPLAY_SALT + requestId, "utf8")
      .digest()
      .readUInt32BE(0) /
    2 ** 32
  );
}

export function capturesRequest(requestId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  return replayBucket(requestId) < rate;
}
