/**
 * The issue shape of the API's `schema_error` body (`{path, message}`) and the one path
 * notation shared by validation issues and manifest diffs, so the UI can match a diff entry
 * against an issue or a manifest section by string.
 */

export type ManifestIssue = { path: string; message: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `['limits', 'p95_latency_ms']` → `limits.p95_latency_ms`, `['prompt_templates', 1, 'sha256']`
 * → `prompt_templates[1].sha256`. Keys that are not identifiers (threshold names such as
 * `block.score` are free-form) are written as `["block.score"]` so a path never becomes
 * ambiguous.
 */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** The top-level manifest key a formatted path starts with (`''` for the root). */
export function topLevelKey(path: string): string {
  if (path.startsWith('[')) {
    const literal = /^\[("(?:[^"\\]|\\.)*")\]/.exec(path)?.[1];
    return literal === undefined ? '' : (JSON.parse(literal) as string);
  }
  const match = /^[^.[]+/.exec(path);
  return match ? match[0] : '';
}
