/**
 * Text PostgreSQL cannot store (lib/input/storable-text.ts, the one rule for every input) in a
 * telemetry event: an event holding it is refused with the field named, like any invalid field,
 * instead of failing its whole batch in the database.
 *
 * JSON text can only carry such text as \u escapes (JSON.parse refuses a raw control character,
 * and a body that is not UTF-8 is refused before parsing), so one scan of a request body tells
 * whether its events need the field-by-field check at all.
 */
import type { FieldIssue } from "../errors";
import { formatPath } from "../input/path";
import { textProblem as problem } from "../input/storable-text";
import type { TelemetryEvent } from "./schemas";

/** Whether a JSON text may hold such strings (it has a \u0000 or a surrogate escape). */
export function mayHoldUnstorableText(jsonText: string): boolean {
  return /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/.test(jsonText);
}

function walk(v: unknown, path: PropertyKey[], out: FieldIssue[]) {
  if (out.length >= 5) return;
  if (typeof v === "string") {
    const p = problem(v);
    if (p) out.push({ path: formatPath(path), message: `${formatPath(path)} ${p}` });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => walk(x, [...path, i], out));
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      const p = problem(k);
      if (p) out.push({ path: formatPath(path), message: `a key in ${formatPath(path)} ${p}` });
      walk(x, [...path, k], out);
    }
  }
}

/** The event's strings PostgreSQL cannot store (at most five issues), or none. */
export function unstorableTextIssues(e: TelemetryEvent): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const field of ["request_id", "model", "version", "tenant", "label", "prediction", "features", "input", "output"] as const) {
    walk(e[field], [field], out);
  }
  return out;
}
