import { describe, expect, it } from "vitest";
import { computeSignature, signedHeaders, verifySignature } from "./sign";

// A fixed vector, computed independently of this code:
//   printf '%s' '1767225600.{"hello":"world"}' | openssl dgst -sha256 -hmac 'whsec_test_secret_0123456789'
const SECRET = "whsec_test_secret_0123456789";
const TIMESTAMP = 1767225600; // 2026-01-01T00:00:00Z
const BODY = '{"hello":"world"}';
const EXPECTED = "sha256=1193e41cef478dc4a988d94d3f3b1e7ac8939986c48075d871027b7e8168a9a8";
const AT = TIMESTAMP * 1000;

describe("computeSignature", () => {
  it("matches the fixed vector", () => {
    expect(computeSignature(SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
    expect(computeSignature(SECRET, String(TIMESTAMP), BODY)).toBe(EXPECTED);
  });

  it("changes with the secret, the timestamp and every byte of the body", () => {
    expect(computeSignature("another-secret-0123456789", TIMESTAMP, BODY)).not.toBe(EXPECTED);
    expect(computeSignature(SECRET, TIMESTAMP + 1, BODY)).not.toBe(EXPECTED);
    expect(computeSignature(SECRET, TIMESTAMP, '{"hello": "world"}')).not.toBe(EXPECTED);
  });
});

describe("signedHeaders", () => {
  it("carries the timestamp in seconds, the signature, the event and the delivery id", () => {
    const h = signedHeaders({ secret: SECRET, body: BODY, event: "release.rolled_back", deliveryId: "d1", now: AT + 999 });
    expect(h).toEqual({
      "X-Rollgate-Timestamp": String(TIMESTAMP),
      "X-Rollgate-Signature": EXPECTED,
      "X-Rollgate-Event": "release.rolled_back",
      "X-Rollgate-Delivery": "d1",
    });
  });
});

describe("verifySignature", () => {
  const headers = { "x-rollgate-timestamp": String(TIMESTAMP), "x-rollgate-signature": EXPECTED };

  it("accepts the vector within the tolerance, from Node headers or fetch Headers", () => {
    expect(verifySignature(SECRET, headers, BODY, { now: AT })).toEqual({ ok: true, timestamp: TIMESTAMP });
    expect(verifySignature(SECRET, headers, BODY, { now: AT + 300_000 }).ok).toBe(true);
    expect(verifySignature(SECRET, new Headers(headers), BODY, { now: AT - 300_000 }).ok).toBe(true);
    expect(
      verifySignature(SECRET, { "X-Rollgate-Timestamp": [String(TIMESTAMP)], "X-Rollgate-Signature": EXPECTED }, BODY, { now: AT }).ok,
    ).toBe(true);
  });

  it("refuses a replay outside the tolerance, either way", () => {
    expect(verifySignature(SECRET, headers, BODY, { now: AT + 301_000 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/300 s/),
    });
    expect(verifySignature(SECRET, headers, BODY, { now: AT - 301_000 }).ok).toBe(false);
    expect(verifySignature(SECRET, headers, BODY, { now: AT + 3_600_000, toleranceSeconds: 3600 }).ok).toBe(true);
  });

  it("refuses a wrong secret, a changed body, a re-signed timestamp and missing or malformed headers", () => {
    expect(verifySignature("whsec_other_secret_0123456", headers, BODY, { now: AT })).toEqual({
      ok: false,
      reason: "signature does not match",
    });
    expect(verifySignature(SECRET, headers, '{"hello":"World"}', { now: AT }).ok).toBe(false);
    // moving the timestamp to now without the secret breaks the signature
    expect(verifySignature(SECRET, { ...headers, "x-rollgate-timestamp": String(TIMESTAMP + 600) }, BODY, { now: AT + 600_000 }).ok).toBe(
      false,
    );
    expect(verifySignature(SECRET, { "x-rollgate-timestamp": String(TIMESTAMP) }, BODY, { now: AT }).ok).toBe(false);
    expect(verifySignature(SECRET, { ...headers, "x-rollgate-timestamp": "1e9" }, BODY, { now: AT })).toEqual({
      ok: false,
      reason: "malformed timestamp",
    });
    expect(verifySignature(SECRET, { ...headers, "x-rollgate-signature": "sha256=00" }, BODY, { now: AT }).ok).toBe(false);
  });
});
