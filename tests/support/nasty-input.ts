// Arbitraries for property-based input tests: values a hostile or broken client sends, and a
// way to plant one at any field of an otherwise valid input. Shared by the unit fuzz
// (lib/input/fuzz.test.ts) and the integration fuzz (tests/integration/input-fuzz.test.ts).
import fc from "fast-check";

/** One seed for every property test, so a failure reproduces; fast-check prints it with the counterexample. */
export const FUZZ_SEED = 20261204;

export const fuzzParams = (numRuns: number): fc.Parameters<unknown> => ({ seed: FUZZ_SEED, numRuns });

const plain = fc.string({ maxLength: 20, unit: "grapheme" });

/** Strings the database cannot store: a NUL or an unpaired surrogate somewhere in them. */
export const unstorableString: fc.Arbitrary<string> = fc
  .tuple(plain, fc.constantFrom("\u0000", "\ud800", "\udbff", "\udc00", "\udfff", "a\u0000b"), plain)
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** A value nested deeper than any input may be (the limit is 64). */
export const tooDeep: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 65, max: 3000 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { x: v };
  return v;
});

/** An object with one of the keys that would vanish or pollute (`__proto__`, `constructor`, `prototype`) as an own key. */
export const pollutingObject: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.constantFrom("__proto__", "constructor", "prototype"), fc.oneof(fc.double(), fc.constant({ polluted: true }), fc.string()))
  .map(
    ([key, value]) =>
      JSON.parse(JSON.stringify({ ok: 1, [key === "__proto__" ? "@@proto" : key]: value }).replace('"@@proto"', '"__proto__"')) as Record<
        string,
        unknown
      >,
  );

/** Values that must always be refused, wherever they are put: the field is named. */
export const alwaysRefused: fc.Arbitrary<unknown> = fc.oneof(unstorableString, tooDeep, pollutingObject);

/** Numbers at the edges: huge, tiny, unsafe integers, negative zero. */
export const edgeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -(2 ** 63), 2 ** 31, 2 ** 63, -0, 5e-324, 0.1 + 0.2),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Wrong types and odd shapes for any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, "", " ", "latest", "javascript:alert(1)", "%00", "x".repeat(5000)),
  edgeNumber,
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Any nasty value: must never cause a throw or a 500. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(alwaysRefused, wrongType);

export type Path = (string | number)[];

/** Every path to a leaf (and to every object/array) of a JSON value, root excluded. */
export function fieldPaths(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i], ...fieldPaths(v, [...prefix, i]));
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push([...prefix, k], ...fieldPaths(v, [...prefix, k]));
  }
  return out;
}

/** A deep copy of `base` with `value` at `path` (an own property, even for `__proto__`). */
export function plant<T>(base: T, path: Path, value: unknown): T {
  const copy = JSON.parse(JSON.stringify(base)) as T;
  let target = copy as unknown as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) target = target[segment] as Record<string | number, unknown>;
  Object.defineProperty(target, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** `limits.p95_latency_ms`, `features[0].name`: paths as the API's issues write them (identifier keys). */
export function pathText(path: Path): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);

/**
 * Whether an issue path names `field`: the field itself, something inside it, or the top-level
 * field holding it (too-deep values are reported there).
 */
export function namesField(issuePath: string, field: string): boolean {
  return within(issuePath, field) || (issuePath !== "" && within(field, issuePath));
}
