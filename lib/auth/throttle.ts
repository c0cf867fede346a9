import type { Tx } from "../database/types";

// Failed sign-ins are counted per account and per address in a window; past the limit the
// key is locked for lockMinutes. A success clears the account's counter (not the address's,
// so one good password does not reset a spray from the same address).
export type ThrottleLimits = { maxFailures: number; maxFailuresPerAddress: number; lockMinutes: number };

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (ip: string) => `address:${ip}`;

export type ThrottleState = { locked: false } | { locked: true; key: string; until: Date };

export async function throttleState(db: Tx, keys: string[], now = new Date()): Promise<ThrottleState> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys } } });
  const locked = rows
    .filter((r) => r.lockedUntil && r.lockedUntil > now)
    .sort((a, b) => b.lockedUntil!.getTime() - a.lockedUntil!.getTime())[0];
  return locked ? { locked: true, key: locked.key, until: locked.lockedUntil! } : { locked: false };
}

/** Counts one failure on each key; returns the lock that now applies, if any. */
export async function recordFailure(
  tx: Tx,
  keys: { account: string; address: string },
  limits: ThrottleLimits,
  now = new Date(),
): Promise<ThrottleState> {
  const windowMs = limits.lockMinutes * 60_000;
  let result: ThrottleState = { locked: false };
  for (const [key, max] of [
    [keys.account, limits.maxFailures],
    [keys.address, limits.maxFailuresPerAddress],
  ] as const) {
    const row = await tx.loginThrottle.findUnique({ where: { key } });
    const fresh = !row || now.getTime() - row.windowStart.getTime() > windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    const lockedUntil = failures >= max ? new Date(now.getTime() + windowMs) : fresh ? null : row.lockedUntil;
    await tx.loginThrottle.upsert({
      where: { key },
      create: { key, failures, windowStart: now, lockedUntil },
      update: { failures, windowStart: fresh ? now : row.windowStart, lockedUntil },
    });
    if (lockedUntil && lockedUntil > now && (!result.locked || lockedUntil > result.until)) {
      result = { locked: true, key, until: lockedUntil };
    }
  }
  return result;
}

export async function clearAccount(tx: Tx, account: string): Promise<void> {
  await tx.loginThrottle.deleteMany({ where: { key: account } });
}

export function lockMessage(state: Extract<ThrottleState, { locked: true }>, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((state.until.getTime() - now.getTime()) / 60_000));
  const what = state.key.startsWith("account:") ? "this account" : "your network address";
  return `Too many failed sign-in attempts for ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
