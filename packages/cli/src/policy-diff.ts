/**
 * The difference between two policies, one line per changed setting, the way a reviewer reads a
 * CI log: `approvals.required: 2 → 1`. Lists are compared as values (a ramp is one setting).
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return v === undefined ? "(unset)" : JSON.stringify(v);
}

function walk(path: string, a: unknown, b: unknown, out: string[]): void {
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(path ? `${path}.${k}` : k, a[k], b[k], out);
    return;
  }
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  out.push(`${path || "(policy)"}: ${show(a)} → ${show(b)}`);
}

export function policyDiff(before: unknown, after: unknown): string[] {
  const out: string[] = [];
  walk("", before, after, out);
  return out;
}
