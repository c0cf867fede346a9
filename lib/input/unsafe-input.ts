/**
 * One walk over a parsed request value (JSON or YAML, before its schema runs) that finds what
 * no schema should have to think about, each reported as a field issue with its path:
 *
 * - text PostgreSQL cannot store (storable-text.ts), in any string value or object key;
 * - the keys `__proto__`, `constructor` and `prototype`. JSON.parse keeps `__proto__` as an
 *   own key, but building a JavaScript object from it (as zod's records do) sets the prototype
 *   instead, so the key silently vanished from the validated value while the stored source
 *   text kept it. No field of Rollgate has such a name; all three are refused;
 * - nesting deeper than MAX_INPUT_DEPTH (reported at the top-level field holding it). No input of Rollgate nests past a dozen levels, and
 *   a value thousands of levels deep overflows recursive code (serialisers, the database's
 *   jsonb parser) further down.
 *
 * Client-safe (no Node APIs). The walk stops descending at the depth limit, so it cannot
 * overflow the stack itself.
 */
import { formatPath } from "./path";
import { textProblem } from "./storable-text";

export type InputIssue = { path: string; message: string };

export const MAX_INPUT_DEPTH = 64;
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export type WalkOptions = {
  /** segments in front of every path, e.g. ["policy"] */
  prefix?: PropertyKey[];
  /** refuse FORBIDDEN_KEYS (default true) */
  forbidKeys?: boolean;
  /** check strings and keys for unstorable text (default true) */
  checkText?: boolean;
  maxDepth?: number;
  /** at most this many issues (default 10) */
  limit?: number;
  /** start each message with the field's path, as manifest and telemetry messages do */
  pathInMessage?: boolean;
  /** how many path segments name a too-deep value (default: the prefix and one more) */
  depthPathLength?: number;
};

/** The issues of `value` (none for a clean one). */
export function unsafeInputIssues(value: unknown, opts: WalkOptions = {}): InputIssue[] {
  const out: InputIssue[] = [];
  const forbidKeys = opts.forbidKeys ?? true;
  const checkText = opts.checkText ?? true;
  const maxDepth = opts.maxDepth ?? MAX_INPUT_DEPTH;
  const limit = opts.limit ?? 10;
  const add = (path: PropertyKey[], message: string) => {
    const p = formatPath(path);
    out.push({ path: p, message: opts.pathInMessage && p ? `${p} ${message}` : message });
  };

  const depthPathLength = opts.depthPathLength ?? (opts.prefix?.length ?? 0) + 1;
  const walk = (v: unknown, path: PropertyKey[], depth: number): void => {
    if (out.length >= limit) return;
    if (typeof v === "string") {
      if (!checkText) return;
      const problem = textProblem(v);
      if (problem) add(path, problem);
      return;
    }
    if (typeof v !== "object" || v === null) return;
    if (depth >= maxDepth) {
      // named at the top-level field it is in: a path 64 segments long helps nobody
      add(path.slice(0, depthPathLength), `nests deeper than ${maxDepth} levels`);
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && out.length < limit; i++) walk(v[i], [...path, i], depth + 1);
      return;
    }
    for (const key of Object.keys(v)) {
      if (out.length >= limit) return;
      if (forbidKeys && FORBIDDEN_KEYS.has(key)) {
        add([...path, key], `"${key}" is not allowed as a key (it names a JavaScript object's internals, and no field is called that)`);
        continue;
      }
      if (checkText) {
        const problem = textProblem(key);
        if (problem) {
          add(path, `a key ${problem}`);
          continue;
        }
      }
      walk((v as Record<string, unknown>)[key], [...path, key], depth + 1);
    }
  };
  walk(value, [...(opts.prefix ?? [])], 0);
  return out;
}

/**
 * Whether `value` holds a forbidden key or nests deeper than `maxDepth`, without building any
 * path: the per-event check of telemetry runs this first and walks for issues only when it is
 * true. Stops at the first finding.
 */
export function hasUnsafeStructure(value: unknown, maxDepth = MAX_INPUT_DEPTH): boolean {
  const bad = (v: unknown, depth: number): boolean => {
    if (typeof v !== "object" || v === null) return false;
    if (depth >= maxDepth) return true;
    if (Array.isArray(v)) {
      for (const x of v) if (bad(x, depth + 1)) return true;
      return false;
    }
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k) || bad((v as Record<string, unknown>)[k], depth + 1)) return true;
    }
    return false;
  };
  return bad(value, 0);
}
