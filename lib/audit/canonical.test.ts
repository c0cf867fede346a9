import { describe, it, expect } from "vitest";
import { contentHash } from "../registry/content-hash";
import { canonicalJson, compareCodePoints } from "./canonical";
import { fraudScoringManifest, fraudScoringManifestYaml } from "../registry/fixtures";
import { validateManifest, type Manifest } from "../registry/manifest-schema";
import { parseManifestText } from "../registry/parse";

function validated(text: string, type: string): Manifest {
  const parsed = parseManifestText(text, type);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const result = validateManifest(parsed.value);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversedKeys(v)]),
    );
  }
  return value;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth and writes no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x y" } })).toBe('{"a":{"c":"x y","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("keeps array order", () => {
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
  });

  it("writes numbers in shortest form and -0 as 0", () => {
    expect(canonicalJson([1.0, 0.1 + 0.2, 1e21, 1e-7, -0, 100])).toBe("[1,0.30000000000000004,1e+21,1e-7,0,100]");
  });

  it("drops undefined properties and writes undefined array items as null", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it("orders keys by code point, not UTF-16 code unit", () => {
    // U+FFFF sorts before U+1F600 by code point; by code unit the emoji's surrogate 0xD83D comes first.
    expect(canonicalJson({ "\u{1F600}": 1, "\uFFFF": 2 })).toBe('{"\uFFFF":2,"\u{1F600}":1}');
    expect(compareCodePoints("a", "ab")).toBeLessThan(0);
    expect(compareCodePoints("b", "a")).toBeGreaterThan(0);
  });

  it("follows toJSON, and writes bigints as integers", () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 15)), seq: 12345678901234567890n })).toBe(
      '{"at":"2026-01-15T00:00:00.000Z","seq":12345678901234567890}',
    );
  });

  it("refuses values with no faithful JSON form", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: Infinity })).toThrow(/a has no JSON form/);
    expect(() => canonicalJson({ m: new Map() })).toThrow(/Map/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
  });

  it("allows the same object twice when it is not a cycle", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe("contentHash", () => {
  const hash = contentHash(fraudScoringManifest());

  it("is a sha256 hex digest", () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not depend on key order", () => {
    const reordered = reversedKeys(fraudScoringManifest()) as Manifest;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(fraudScoringManifest()));
    expect(contentHash(reordered)).toBe(hash);
  });

  it("is the same for the YAML and the JSON text of one manifest", () => {
    const fromYaml = validated(fraudScoringManifestYaml(), "application/yaml");
    const fromJson = validated(JSON.stringify(fraudScoringManifest(), null, 2), "application/json");
    expect(contentHash(fromYaml)).toBe(hash);
    expect(contentHash(fromJson)).toBe(hash);
  });

  it("changes when any value changes", () => {
    const m = fraudScoringManifest();
    m.limits.p95_latency_ms = 121;
    expect(contentHash(m)).not.toBe(hash);
    const n = fraudScoringManifest();
    n.observability.log_fields.reverse();
    expect(contentHash(n)).not.toBe(hash);
  });
});
