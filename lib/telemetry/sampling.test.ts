import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { formatShare, keepsRequest, sampleBucket, sampleRateOf } from "./sampling";

describe("request-level sampling", () => {
  it("buckets an id by the first 8 hex digits of its SHA-256, as the shell one-liner does", () => {
    const id = "req-7f3a-0001";
    const hex = createHash("sha256").update(id).digest("hex").slice(0, 8);
    expect(sampleBucket(id)).toBe(parseInt(hex, 16) / 2 ** 32);
  });

  it("keeps every id at 1, none at 0, and the same ids every time", () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `req-${i}`);
    expect(ids.every((id) => keepsRequest(id, 1))).toBe(true);
    expect(ids.some((id) => keepsRequest(id, 0))).toBe(false);
    const kept = ids.filter((id) => keepsRequest(id, 0.1));
    expect(ids.filter((id) => keepsRequest(id, 0.1))).toEqual(kept);
    // about a tenth: 200 ± 4.5 standard deviations
    expect(kept.length).toBeGreaterThan(140);
    expect(kept.length).toBeLessThan(260);
    // a smaller share keeps a subset of a larger one
    expect(ids.filter((id) => keepsRequest(id, 0.05)).every((id) => keepsRequest(id, 0.1))).toBe(true);
  });

  it("reads a stored sample rate, treating anything but a share below 1 as keep-all", () => {
    expect(sampleRateOf(0.25)).toBe(0.25);
    expect(sampleRateOf(0)).toBe(0);
    expect(sampleRateOf(1)).toBe(1);
    expect(sampleRateOf(null)).toBe(1);
    expect(sampleRateOf("0.1")).toBe(1);
  });

  it("writes the share in percent", () => {
    expect(formatShare(0.1)).toBe("10 %");
    expect(formatShare(0.005)).toBe("0.5 %");
    expect(formatShare(0)).toBe("0 %");
  });
});
