/**
 * The one path notation of every field issue (API `schema_error`s, form errors, manifest diffs),
 * so the UI can match a diff entry against an issue or a manifest section by string:
 * `['limits', 'p95_latency_ms']` → `limits.p95_latency_ms`, `['prompt_templates', 1, 'sha256']`
 * → `prompt_templates[1].sha256`. Keys that are not identifiers (metric and threshold names such
 * as `block.score` are free-form) are written as `["block.score"]` so a path is never ambiguous.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") {
      out += `[${segment}]`;
    } else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out === "" ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
