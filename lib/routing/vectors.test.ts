// The shared bucketing and routing vectors (clients/test-vectors) hold for the JavaScript client;
// the Python client's tests check the same files, so both give every key the same version.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bucketOf, candidateThreshold, inCandidate } from "@rollgate/client/bucket";
import { resolve, type RouteTable } from "@rollgate/client/resolve";

const dir = path.join(__dirname, "../../clients/test-vectors");
const load = <T>(file: string): T => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as T;

describe("shared test vectors", () => {
  it("bucketing: every case's bucket, threshold and share", () => {
    const { cases } = load<{
      cases: { model: string; key: string; percent: number; bucket: number; threshold: number; inCandidate: boolean }[];
    }>("bucketing.json");
    expect(cases.length).toBeGreaterThan(300);
    for (const c of cases) {
      expect([bucketOf(c.model, c.key), candidateThreshold(c.percent), inCandidate(c.model, c.key, c.percent)]).toEqual([
        c.bucket,
        c.threshold,
        c.inCandidate,
      ]);
    }
  });

  it("routing: every table and request gives the recorded decision or error", () => {
    const { cases } = load<{ cases: { table: RouteTable; request: object; decision: object | null; error: string | null }[] }>(
      "routing.json",
    );
    for (const c of cases) {
      if (c.error) expect(() => resolve(c.table, c.request)).toThrow(expect.objectContaining({ code: c.error }));
      else expect(resolve(c.table, c.request)).toEqual(c.decision);
    }
  });
});
