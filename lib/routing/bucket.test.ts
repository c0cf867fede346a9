// The one bucketing implementation (packages/client/src/bucket.js), shared by the data plane and the client
// library. The hash vectors pin the algorithm for ports to other languages.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BUCKETS, bucketOf, candidateThreshold, hashString, inCandidate } from "@rollgate/client/bucket";

describe("murmur3_x86_32", () => {
  it("matches the reference vectors (seed 0, UTF-8)", () => {
    expect(hashString("")).toBe(0);
    expect(hashString("a")).toBe(0x3c2569b2);
    expect(hashString("abc")).toBe(0xb3dd93fa);
    expect(hashString("hello")).toBe(0x248bfa47);
    expect(hashString("The quick brown fox jumps over the lazy dog")).toBe(0x2e4ff723);
  });

  it("hashes the UTF-8 bytes, whatever the length", () => {
    expect(hashString("héllo wörld €")).toBe(0x1b76f25c);
    const long = "k".repeat(5000) + "€";
    expect(hashString(long)).toBe(hashString(long));
    // a long key must not leave bytes behind for a short one
    expect(hashString("hello")).toBe(0x248bfa47);
  });

  it("bucket = hash(model + NUL + key) mod 10000", () => {
    expect(bucketOf("fraud-scoring", "tenant-42")).toBe(hashString("fraud-scoring\u0000tenant-42") % BUCKETS);
    expect(bucketOf("fraud-scoring", "tenant-42")).toBe(4863);
    // the model is part of the hash: one key lands differently in different models
    const keys = Array.from({ length: 50 }, (_, i) => `user-${i}`);
    expect(keys.filter((k) => bucketOf("a", k) === bucketOf("b", k)).length).toBeLessThan(3);
  });
});

describe("candidate threshold", () => {
  it("is percent × 100, rounded, clamped", () => {
    expect(candidateThreshold(5)).toBe(500);
    expect(candidateThreshold(0.01)).toBe(1);
    expect(candidateThreshold(12.345)).toBe(1235);
    expect(candidateThreshold(100)).toBe(10000);
    expect(candidateThreshold(150)).toBe(10000);
    expect(candidateThreshold(0)).toBe(0);
    expect(candidateThreshold(-3)).toBe(0);
    expect(candidateThreshold(Number.NaN)).toBe(0);
  });
});

describe("sticky bucketing", () => {
  const model = "fraud-scoring";
  const keys = Array.from({ length: 20_000 }, () => randomBytes(8).toString("hex"));

  it("keeps a key in the candidate as the percentage grows (5 → 25 → 50 → 100)", () => {
    const steps = [5, 25, 50, 100];
    for (const key of keys) {
      let inBefore = false;
      for (const p of steps) {
        const inNow = inCandidate(model, key, p);
        if (inBefore) expect(inNow).toBe(true);
        inBefore = inNow;
      }
    }
    expect(keys.every((k) => inCandidate(model, k, 100))).toBe(true);
    expect(keys.some((k) => inCandidate(model, k, 0))).toBe(false);
  });

  it("answers the same for the same (model, key) every time", () => {
    for (const key of keys.slice(0, 100)) expect(bucketOf(model, key)).toBe(bucketOf(model, key));
  });

  it("puts 5 % ± 0.3 % of 100k random keys in the candidate at 5 %", () => {
    let hits = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) if (inCandidate(model, randomBytes(12).toString("base64url"), 5)) hits++;
    expect(Math.abs(hits / n - 0.05)).toBeLessThanOrEqual(0.003);
  });

  it("spreads sequential ids evenly over the buckets (25 %, 50 %)", () => {
    const n = 100_000;
    for (const p of [25, 50]) {
      let hits = 0;
      for (let i = 0; i < n; i++) if (inCandidate(model, `user-${i}`, p)) hits++;
      expect(Math.abs(hits / n - p / 100)).toBeLessThanOrEqual(0.005);
    }
  });
});
