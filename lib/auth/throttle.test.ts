import { describe, expect, it } from "vitest";
import { accountKey, addressKey, lockMessage } from "./throttle";

// The counting itself is SQL (one upsert per key) and runs against PostgreSQL in
// tests/integration/auth.test.ts and auth-hardening.test.ts.
const t0 = new Date("2026-01-15T12:00:00Z");

describe("sign-in throttle keys and messages", () => {
  it("normalises and bounds the keys", () => {
    expect(accountKey(" Alice@Example.com ")).toBe("account:alice@example.com");
    expect(accountKey("a".repeat(100_000)).length).toBe("account:".length + 254);
    expect(addressKey("1".repeat(1000)).length).toBe("address:".length + 64);
  });

  it("says how long the lock lasts, rounding up to whole minutes", () => {
    const key = accountKey("alice@example.com");
    expect(lockMessage({ locked: true, key, until: new Date(t0.getTime() + 15 * 60_000) }, t0)).toBe(
      "Too many failed sign-in attempts for this account. Try again in 15 minutes.",
    );
    expect(lockMessage({ locked: true, key, until: new Date(t0.getTime() + 10_000) }, t0)).toMatch(/in 1 minute\.$/);
    expect(lockMessage({ locked: true, key: addressKey("10.0.0.1"), until: t0 }, t0)).toMatch(/your network address/);
  });
});
