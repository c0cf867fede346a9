import { canonicalJson, sha256Hex } from "../audit/canonical";
import type { Manifest } from "./manifest-schema";

/**
 * The content hash of a manifest: sha256 of its canonical JSON. Pass the output of
 * `validateManifest` (not the raw request body), so only what the schema accepted is hashed
 * and JSON vs YAML, key order and formatting cannot change the hash.
 */
export function contentHash(manifest: Manifest): string {
  return sha256Hex(canonicalJson(manifest));
}
