/**
 * The installation's scrub key: the HMAC key of the `hash` scrub action. Made once, on first
 * use, from 32 random bytes and kept in ReplayScrubKey, so a hashed customer id is the same token
 * in every request and after restarts, while someone holding the stored rows but not the key
 * cannot confirm a guess by hashing it. Two servers racing to make it both read the one that won.
 */
import { createHmac, randomBytes } from "node:crypto";
import { canonicalJson } from "../audit/canonical";
import type { Hasher } from "./scrub";

export type RowQuery = <R = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<R[]>;

export const HASH_PREFIX = "hmac-sha256:";

/** Reads (making it when missing) the key. */
export async function loadScrubKey(query: RowQuery): Promise<Buffer> {
  await query(`INSERT INTO "ReplayScrubKey" ("id", "secret") VALUES (1, $1) ON CONFLICT ("id") DO NOTHING`, [randomBytes(32)]);
  const [row] = await query<{ secret: Uint8Array }>(`SELECT "secret" FROM "ReplayScrubKey" WHERE "id" = 1`);
  if (!row) throw new Error("the replay scrub key could not be read");
  return Buffer.from(row.secret);
}

/** `hmac-sha256:<hex>` of the value's canonical JSON under `key`. */
export function scrubHasher(key: Buffer): Hasher {
  return (value) =>
    HASH_PREFIX +
    createHmac("sha256", key)
      .update(canonicalJson(value ?? null), "utf8")
      .digest("hex");
}
