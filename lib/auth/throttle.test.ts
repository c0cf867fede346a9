import { describe, expect, it } from "vitest";
import type { Tx } from "../database/types";
import { accountKey, addressKey, clearAccount, lockMessage, recordFailure, throttleState } from "./throttle";

type Row = { key: string; failures: number; windowStart: Date; lockedUntil: Date | null; updatedAt: Date };

// Just the loginThrottle calls throttle.ts makes, over a Map: the window arithmetic is what is
// tested here; the SQL runs in tests/integration/auth.test.ts.
function fakeTx() {
  const rows = new Map<string, Row>();
  const loginThrottle = {
    findUnique: async ({ where }: { where: { key: string } }) => rows.get(where.key) ?? null,
    findMany: async ({ where }: { where: { key: { in: string[] } } }) => where.key.in.flatMap((k) => rows.get(k) ?? []),
    upsert: async ({ where, create, update }: { where: { key: string }; create: Omit<Row, "updatedAt">; update: Partial<Row> }) => {
      const existing = rows.get(where.key);
      const row = existing ? { ...existing, ...update, updatedAt: new Date() } : { ...create, updatedAt: new Date() };
      rows.set(where.key, row);
      return row;
    },
    deleteMany: async ({ where }: { where: { key: string } }) => {
      const had = rows.delete(where.key);
      return { count: had ? 1 : 0 };
    },
  };
  return { tx: { loginThrottle } as unknown as Tx, rows };
}

const limits = { maxFailures: 3, maxFailuresPerAddress: 5, lockMinutes: 15 };
const keys = { account: accountKey(" Alice@Example.com "), address: addressKey("10.0.0.1") };
const t0 = new Date("2026-01-15T12:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("sign-in throttle", () => {
  it("normalises account keys", () => {
    expect(keys.account).toBe("account:alice@example.com");
  });

  it("locks the account at the limit, for lockMinutes", async () => {
    const { tx } = fakeTx();
    expect(await recordFailure(tx, keys, limits, at(0))).toEqual({ locked: false });
    expect(await recordFailure(tx, keys, limits, at(1))).toEqual({ locked: false });
    const third = await recordFailure(tx, keys, limits, at(2));
    expect(third).toEqual({ locked: true, key: keys.account, until: at(17) });
    expect(await throttleState(tx, [keys.account, keys.address], at(16))).toMatchObject({ locked: true, key: keys.account });
    expect(await throttleState(tx, [keys.account, keys.address], at(17))).toEqual({ locked: false });
  });

  it("starts a new window once the old one has passed", async () => {
    const { tx, rows } = fakeTx();
    await recordFailure(tx, keys, limits, at(0));
    await recordFailure(tx, keys, limits, at(1));
    // 16 minutes after the window opened: the count starts again at 1
    expect(await recordFailure(tx, keys, limits, at(16))).toEqual({ locked: false });
    expect(rows.get(keys.account)).toMatchObject({ failures: 1, windowStart: at(16), lockedUntil: null });
  });

  it("counts failures per address across accounts", async () => {
    const { tx } = fakeTx();
    let last;
    for (let i = 0; i < limits.maxFailuresPerAddress; i++) {
      last = await recordFailure(tx, { account: accountKey(`user${i}@example.com`), address: keys.address }, limits, at(0));
    }
    expect(last).toEqual({ locked: true, key: keys.address, until: at(15) });
    expect(lockMessage(last as Extract<typeof last, { locked: true }>, at(0))).toMatch(/your network address/);
  });

  it("clearAccount lifts the account's counter but not the address's", async () => {
    const { tx, rows } = fakeTx();
    await recordFailure(tx, keys, limits, at(0));
    await clearAccount(tx, keys.account);
    expect(rows.has(keys.account)).toBe(false);
    expect(rows.get(keys.address)?.failures).toBe(1);
  });

  it("reports the later of two locks", async () => {
    const { tx, rows } = fakeTx();
    rows.set(keys.account, { key: keys.account, failures: 3, windowStart: at(0), lockedUntil: at(5), updatedAt: at(0) });
    rows.set(keys.address, { key: keys.address, failures: 5, windowStart: at(0), lockedUntil: at(9), updatedAt: at(0) });
    expect(await throttleState(tx, [keys.account, keys.address], at(1))).toEqual({ locked: true, key: keys.address, until: at(9) });
  });

  it("says how long the lock lasts, rounding up to whole minutes", () => {
    expect(lockMessage({ locked: true, key: keys.account, until: at(15) }, at(0))).toBe(
      "Too many failed sign-in attempts for this account. Try again in 15 minutes.",
    );
    expect(lockMessage({ locked: true, key: keys.account, until: new Date(t0.getTime() + 10_000) }, t0)).toMatch(/in 1 minute\.$/);
  });
});
