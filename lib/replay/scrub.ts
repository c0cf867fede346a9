/**
 * Scrub rules (policy `replay.scrub`): what is removed or hashed from a request's input and
 * output before any of it is stored. Pure: the caller passes the hash (scrub-key.ts holds the
 * installation's key), so the rules can be tested and explained without a database.
 *
 * A rule's `field` is either
 * - a bare key (`email`): that key wherever it occurs, at any depth, inside arrays too; or
 * - a dotted path from the root (`customer.email`): each segment is an object key, and an array
 *   met on the way is walked element by element (`items.sku` reaches `items[3].sku`).
 * `drop` removes the key; `hash` replaces its value (whatever it is: a string, a number, an
 * object) with `hmac-sha256:<64 hex>` of the value's canonical JSON. Rules apply in order, so a
 * `drop` after a `hash` of the same field still drops it.
 *
 * The value passed in is never changed: the result is a copy whenever a rule applies.
 */
export type ScrubAction = "drop" | "hash";
export type ScrubRuleInput = { name: string; field: string; action: ScrubAction };
export type Hasher = (value: unknown) => string;

export type Scrubbed = { value: unknown; applied: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Applies `rules` in order; `applied` names the rules that changed something. */
export function scrub(value: unknown, rules: readonly ScrubRuleInput[], hash: Hasher): Scrubbed {
  if (rules.length === 0 || value === null || typeof value !== "object") return { value, applied: [] };
  let current: unknown = value;
  const applied: string[] = [];
  for (const rule of rules) {
    const segments = rule.field.split(".");
    const act = (holder: Record<string, unknown>, key: string): Record<string, unknown> => {
      const next = { ...holder };
      if (rule.action === "drop") delete next[key];
      else next[key] = hash(holder[key]);
      return next;
    };
    const result = segments.length === 1 ? everywhere(current, segments[0]!, act) : alongPath(current, segments, 0, act);
    if (result !== current) {
      current = result;
      applied.push(rule.name);
    }
  }
  return { value: current, applied };
}

type Act = (holder: Record<string, unknown>, key: string) => Record<string, unknown>;

/** Every occurrence of `key`, at any depth; returns `v` itself when nothing matched. */
function everywhere(v: unknown, key: string, act: Act): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    v.forEach((x, i) => {
      const y = everywhere(x, key, act);
      if (y !== x) (out ??= v.slice())[i] = y;
    });
    return out ?? v;
  }
  if (!isObject(v)) return v;
  let out: Record<string, unknown> | null = null;
  for (const k of Object.keys(v)) {
    if (k === key) continue;
    const x = v[k];
    const y = everywhere(x, key, act);
    if (y !== x) (out ??= { ...v })[k] = y;
  }
  const base = out ?? v;
  return Object.hasOwn(base, key) ? act(base, key) : base;
}

/** The value at `segments[i..]` below `v`, arrays walked element by element. */
function alongPath(v: unknown, segments: readonly string[], i: number, act: Act): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    v.forEach((x, j) => {
      const y = alongPath(x, segments, i, act);
      if (y !== x) (out ??= v.slice())[j] = y;
    });
    return out ?? v;
  }
  if (!isObject(v)) return v;
  const key = segments[i]!;
  if (!Object.hasOwn(v, key)) return v;
  if (i === segments.length - 1) return act(v, key);
  const x = v[key];
  const y = alongPath(x, segments, i + 1, act);
  return y === x ? v : { ...v, [key]: y };
}

/** A captured request's input and output scrubbed by the same rules, and every rule that changed either. */
export function scrubCapture(
  input: unknown,
  output: unknown,
  rules: readonly ScrubRuleInput[],
  hash: Hasher,
): { input: unknown; output: unknown; scrubbed: string[] } {
  const i = scrub(input, rules, hash);
  const o = scrub(output, rules, hash);
  return { input: i.value, output: o.value, scrubbed: [...new Set([...i.applied, ...o.applied])] };
}
