/**
 * Deterministic JSON for hashing. Used for manifest content hashes (idempotent registration
 * and immutability) and by the audit hash chain, so it is generic and must never change
 * output for the same value: a change here would break every stored hash.
 *
 * Rules: object keys sorted by Unicode code point at every depth, no whitespace, arrays in
 * order, numbers in JavaScript's shortest round-trip form with -0 written as 0, strings
 * escaped as JSON.stringify does. Like JSON.stringify, `toJSON()` is honoured (Dates become
 * ISO strings), undefined-valued properties are dropped and an undefined array element is
 * written as null (dropping it would shift the indices after it). Unlike JSON.stringify,
 * anything that cannot round-trip is an error rather than silently turned into null or {}:
 * NaN/Infinity, functions, symbols, Map/Set and cycles throw a TypeError, because a hash over
 * silently lost data would vouch for content nobody stored. BigInts are written as bare
 * integer literals (audit sequence numbers come back from the database as bigint).
 */
import { createHash } from "node:crypto";

/** Orders strings by Unicode code point (plain `<` compares UTF-16 code units). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

function serialize(value: unknown, ancestors: Set<object>, path: string): string | undefined {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case "undefined":
      return undefined;
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: ${value} at ${path || "the root"} has no JSON form`);
      }
      return Object.is(value, -0) ? "0" : JSON.stringify(value);
    case "bigint":
      return value.toString();
    case "function":
    case "symbol":
      throw new TypeError(`canonicalJson: a ${typeof value} at ${path || "the root"} has no JSON form`);
  }
  if (value === null) return "null";
  const object = value as object;
  if (object instanceof Map || object instanceof Set) {
    throw new TypeError(
      `canonicalJson: a ${object.constructor.name} at ${path || "the root"} has no JSON form; convert it to an object or array first`,
    );
  }
  if (ancestors.has(object)) {
    throw new TypeError(`canonicalJson: circular reference at ${path || "the root"}`);
  }
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      const items = object.map((item, i) => serialize(item, ancestors, `${path}[${i}]`) ?? "null");
      return `[${items.join(",")}]`;
    }
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort(compareCodePoints)) {
      const member = serialize(record[key], ancestors, path ? `${path}.${key}` : key);
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
    }
    return `{${members.join(",")}}`;
  } finally {
    ancestors.delete(object);
  }
}

export function canonicalJson(value: unknown): string {
  const out = serialize(value, new Set(), "");
  if (out === undefined) throw new TypeError("canonicalJson: the value is undefined");
  return out;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
