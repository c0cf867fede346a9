/** Buckets per model: 10,000, so one bucket is 0.01 % of the keys. */
export declare const BUCKETS: 10000;
/** murmur3_x86_32 of the first `len` bytes of `bytes`, as an unsigned 32-bit integer. */
export declare function murmur3(bytes: Uint8Array, len?: number, seed?: number): number;
/** murmur3_x86_32 (seed 0) of a string's UTF-8 bytes. */
export declare function hashString(text: string): number;
/** The bucket (0..9999) of a routing key within a model: murmur3(utf8(model + "\0" + key)) mod 10000. */
export declare function bucketOf(model: string, key: string): number;
/** Buckets below this go to the candidate: round(percent × 100), clamped to 0..10000. */
export declare function candidateThreshold(percent: number): number;
/** Whether `key` of `model` falls in the candidate's share at `percent`. */
export declare function inCandidate(model: string, key: string, percent: number): boolean;
