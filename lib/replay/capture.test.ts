import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sampleBucket } from "../telemetry/sampling";
import { capturesRequest, replayBucket } from "./capture";

describe("replay capture choice", () => {
  it("is the salted SHA-256 bucket of the request id, as the docs' shell line computes it", () => {
    const id = "req-123";
    const hex = createHash("sha256").update(`replay:${id}`).digest("hex").slice(0, 8);
    expect(replayBucket(id)).toBe(parseInt(hex, 16) / 2 ** 32);
  });

  it("takes about the share asked for, a subset of any larger share, independent of the prediction sample", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `r-${i}`);
    const at10 = ids.filter((id) => capturesRequest(id, 0.1));
    expect(at10.length / ids.length).toBeGreaterThan(0.09);
    expect(at10.length / ids.length).toBeLessThan(0.11);
    expect(at10.every((id) => capturesRequest(id, 0.3))).toBe(true);
    const bothAt10 = at10.filter((id) => sampleBucket(id) < 0.1).length / ids.length;
    expect(bothAt10).toBeGreaterThan(0.005);
    expect(bothAt10).toBeLessThan(0.015);
    expect(capturesRequest("x", 0)).toBe(false);
    expect(capturesRequest("x", 1)).toBe(true);
  });
});
