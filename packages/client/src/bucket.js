// Sticky bucketing: the ONE implementation, used by the Rollgate data plane (/resolve) and
// by the client library that inference services embed, so both always agree.
//
// bucket = murmur3_x86_32(utf8(model + "\u0000" + key), seed 0) mod 10000
// A key goes to the candidate iff bucket < round(percent × 100). Because the threshold only
// grows as the percentage grows, a key in the candidate at 5 % stays in it at 25 %, 50 % and
// 100 %. Ports to other languages must match clients/test-vectors/bucketing.json.

/** Buckets per model: 10,000, so one bucket is 0.01 % of the keys. */
export const BUCKETS = 10000;

const encoder = new TextEncoder();
// Reused between calls (JavaScript is single-threaded): no allocation per request for keys
// shorter than the scratch buffer.
let scratch = new Uint8Array(256);

function utf8(text) {
  // encodeInto writes at most 3 bytes per UTF-16 code unit
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(Math.max(text.length * 3, scratch.length * 2));
  return encoder.encodeInto(text, scratch).written;
}

/** murmur3_x86_32 of the first `len` bytes of `bytes`, as an unsigned 32-bit integer. */
export function murmur3(bytes, len = bytes.length, seed = 0) {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed | 0;
  const blocks = len & ~3;
  let i = 0;
  for (; i < blocks; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[i + 2] << 16;
    if (tail >= 2) k ^= bytes[i + 1] << 8;
    k ^= bytes[i];
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** murmur3_x86_32 (seed 0) of a string's UTF-8 bytes. */
export function hashString(text) {
  const len = utf8(text);
  return murmur3(scratch, len, 0);
}

/** The bucket (0..9999) of a routing key within a model. */
export function bucketOf(model, key) {
  return hashString(`${model}\u0000${key}`) % BUCKETS;
}

/** Buckets below this go to the candidate: percent (0..100, two decimals) × 100, clamped. */
export function candidateThreshold(percent) {
  if (typeof percent !== "number" || !(percent > 0)) return 0;
  return Math.min(BUCKETS, Math.round(percent * 100));
}

/** Whether `key` of `model` falls in the candidate's share at `percent`. */
export function inCandidate(model, key, percent) {
  return bucketOf(model, key) < candidateThreshold(percent);
}
