/**
 * The issue shape of the API's `schema_error` body (`{path, message}`); paths are written in the
 * one notation of lib/input/path.ts, shared by validation issues and manifest diffs.
 */
export type ManifestIssue = { path: string; message: string };

/** The top-level manifest key a formatted path starts with (`''` for the root). */
export function topLevelKey(path: string): string {
  if (path.startsWith("[")) {
    const literal = /^\[("(?:[^"\\]|\\.)*")\]/.exec(path)?.[1];
    return literal === undefined ? "" : (JSON.parse(literal) as string);
  }
  const match = /^[^.[]+/.exec(path);
  return match ? match[0] : "";
}
