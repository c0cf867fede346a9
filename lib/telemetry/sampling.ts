/**
 * Request-level sampling of prediction rows (policy `predictions.sampleRate`). Whether a request
 * id is kept follows from the id alone, so a sender, a support engineer or the lookup can tell
 * afterwards whether an id would have been stored:
 *
 *   bucket(id) = the first 4 bytes of SHA-256(UTF-8 id), big-endian, ÷ 2^32   (in [0, 1))
 *   kept       = bucket(id) < sampleRate
 *
 * In a shell: `printf %s "$ID" | sha256sum | cut -c1-8` is the bucket as 8 hex digits. SHA-256
 * is independent of the routing bucket (murmur3 of model and key), so a sample holds candidate
 * and stable requests in their traffic shares. The metrics count every request either way.
 */
import { createHash } from "node:crypto";

/** The id's place in [0, 1). */
export function sampleBucket(requestId: string): number {
  return createHash("sha256").update(requestId, "utf8").digest().readUInt32BE(0) / 2 ** 32;
}

/** Whether a request's prediction row is stored at this sample rate. */
export function keepsRequest(requestId: string, sampleRate: number): boolean {
  if (sampleRate >= 1) return true;
  if (sampleRate <= 0) return false;
  return sampleBucket(requestId) < sampleRate;
}

/** A stored policy's `predictions.sampleRate` as read straight from the JSON column: 1 unless a share below 1. */
export function sampleRateOf(value: unknown): number {
  return typeof value === "number" && value >= 0 && value < 1 ? value : 1;
}

/** "10 %", "0.5 %", "0 %": the share as the lookup and the docs write it. */
export function formatShare(rate: number): string {
  const pct = rate * 100;
  return `${Number.isInteger(pct) ? pct : Number(pct.toPrecision(3))} %`;
}
