// resolve(table, {tenant, key}): pins first, then the sticky split; shadow serves stable and
// names the candidate for the copy. The same function answers /resolve and the client.
import { describe, expect, it } from "vitest";
import { bucketOf } from "@rollgate/client/bucket";
import { resolve, RoutingError, type RouteTable } from "@rollgate/client/resolve";
import { toRouteTable } from "./table";

const table = (over: Partial<RouteTable> = {}): RouteTable => ({
  model: "fraud-scoring",
  epoch: 7,
  stable: { version: "2026-01-15.2" },
  candidate: { version: "2026-02-01.1", percent: 25 },
  mode: "canary",
  pins: { acme: "2026-01-10.1" },
  updatedAt: "2026-02-01T10:00:00.000Z",
  ...over,
});

/** keys on each side of the 25 % split, found by their buckets */
function keysAt(model: string, inside: boolean, n = 5): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < n; i++) {
    const k = `user-${i}`;
    if (bucketOf(model, k) < 2500 === inside) out.push(k);
  }
  return out;
}

describe("resolve", () => {
  it("a tenant pin wins over the split", () => {
    for (const key of [...keysAt("fraud-scoring", true), ...keysAt("fraud-scoring", false)]) {
      expect(resolve(table(), { tenant: "acme", key })).toEqual({ version: "2026-01-10.1", reason: "pin" });
    }
  });

  it("splits by the sticky bucket of (model, key)", () => {
    for (const key of keysAt("fraud-scoring", true)) {
      expect(resolve(table(), { tenant: "globex", key })).toEqual({ version: "2026-02-01.1", reason: "candidate" });
    }
    for (const key of keysAt("fraud-scoring", false)) {
      expect(resolve(table(), { tenant: "globex", key })).toEqual({ version: "2026-01-15.2", reason: "stable" });
    }
  });

  it("routes by the tenant when no key is given", () => {
    const [inside] = keysAt("fraud-scoring", true, 1);
    expect(resolve(table(), { tenant: inside })).toEqual({ version: "2026-02-01.1", reason: "candidate" });
    expect(resolve(table(), { tenant: inside, key: "" }).reason).toBe("candidate");
  });

  it("serves stable without a candidate, and at 0 %", () => {
    expect(resolve(table({ candidate: null }), { key: "k" })).toEqual({ version: "2026-01-15.2", reason: "stable" });
    for (const key of keysAt("fraud-scoring", true)) {
      expect(resolve(table({ candidate: { version: "2026-02-01.1", percent: 0 } }), { key }).reason).toBe("stable");
    }
  });

  it("blue-green at 100 % sends everyone to the candidate", () => {
    const t = table({ mode: "blue_green", candidate: { version: "2026-02-01.1", percent: 100 } });
    for (const key of [...keysAt("fraud-scoring", true), ...keysAt("fraud-scoring", false)]) {
      expect(resolve(t, { key })).toEqual({ version: "2026-02-01.1", reason: "candidate" });
    }
  });

  it("shadow serves stable and names the candidate for the copy", () => {
    const t = table({ mode: "shadow", candidate: { version: "2026-02-01.1", percent: 100 } });
    expect(resolve(t, { key: "anyone" })).toEqual({ version: "2026-01-15.2", reason: "shadow", shadowVersion: "2026-02-01.1" });
    // a pinned tenant is not shadowed: it asked for one version
    expect(resolve(t, { tenant: "acme", key: "anyone" })).toEqual({ version: "2026-01-10.1", reason: "pin" });
    // below 100 %, the share outside the candidate's buckets gets no copy
    const partial = table({ mode: "shadow", candidate: { version: "2026-02-01.1", percent: 25 } });
    for (const key of keysAt("fraud-scoring", false))
      expect(resolve(partial, { key })).toEqual({ version: "2026-01-15.2", reason: "stable" });
  });

  it("treats pins as data, not as an object's prototype", () => {
    const pins = JSON.parse('{"__proto__": "2026-01-01.1"}') as Record<string, string>;
    expect(resolve(table({ pins }), { tenant: "__proto__" })).toEqual({ version: "2026-01-01.1", reason: "pin" });
    expect(resolve(table({ pins: {} }), { tenant: "toString", key: keysAt("fraud-scoring", false)[0] }).reason).toBe("stable");
  });

  it("refuses without a routing key or a stable version", () => {
    expect(() => resolve(table(), {})).toThrow(RoutingError);
    expect(() => resolve(table(), { tenant: "", key: "" })).toThrow(/routing key/);
    expect(() => resolve(table({ stable: { version: "" } }), { key: "k" })).toThrow(/no stable version/);
  });
});

describe("toRouteTable", () => {
  const row = {
    model: "m",
    epoch: 3,
    stableVersion: "v1",
    candidateVersion: "v2",
    candidatePercent: 5.004,
    mode: "canary",
    state: "ramping",
    pins: { b: "v1", a: "v0" },
    updatedAt: "2026-02-01T10:00:00.000Z",
  };

  it("maps a release row and its pins to the API's table", () => {
    const t = toRouteTable(row);
    expect(t).toEqual({
      model: "m",
      epoch: 3,
      stable: { version: "v1" },
      candidate: { version: "v2", percent: 5 },
      mode: "canary",
      pins: { a: "v0", b: "v1" },
      updatedAt: "2026-02-01T10:00:00.000Z",
    });
    // pins in key order: equal content serialises to equal bytes
    expect(JSON.stringify(t?.pins)).toBe('{"a":"v0","b":"v1"}');
  });

  it("has no table before a stable version, and no candidate after a rollback", () => {
    expect(toRouteTable({ ...row, stableVersion: null })).toBeNull();
    expect(toRouteTable({ ...row, state: "rolled_back" })?.candidate).toBeNull();
    expect(toRouteTable({ ...row, candidateVersion: null })?.candidate).toBeNull();
    expect(toRouteTable({ ...row, pins: null })?.pins).toEqual({});
  });
});
