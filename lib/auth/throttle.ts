import { Prisma } from "../../generated/prisma/client";
import type { Db, Tx } from "../database/types";

// Failed sign-ins are counted per account and per address in a window; past the limit the
// key is locked for lockMinutes. A success clears the account's earlier failures (not the
// address's, so one good password does not reset a spray from the same address).
//
// Every attempt first reserves a slot on both counters in one statement per key
// (INSERT … ON CONFLICT DO UPDATE … WHERE failures < max), before the password is checked.
// Parallel attempts therefore queue on the row lock and each sees the count the one before it
// left: at most `max` passwords are ever checked per key and window, however many requests
// arrive at once. A success gives its slot back; a failure keeps it.
export type ThrottleLimits = { maxFailures: number; maxFailuresPerAddress: number; lockMinutes: number };

// Keys end up in the audit trail and the primary key: bounded, whatever a client sent.
const KEY_PART_MAX = 254;
export const accountKey = (email: string) => `account:${email.trim().toLowerCase().slice(0, KEY_PART_MAX)}`;
export const addressKey = (ip: string) => `address:${ip.slice(0, 64)}`;

export type Locked = { locked: true; key: string; until: Date };
export type ThrottleState = { locked: false } | Locked;
export type ThrottleKeys = { account: string; address: string };
/** A key's count including this attempt, and the window it was counted in. */
export type Slot = { failures: number; windowStart: Date };

/** How often an attempt refused by a lock is audited per key (with the count since the last one). */
export const REFUSED_AUDIT_INTERVAL_MS = 60_000;

export type Reservation =
  /**
   * `ifFailed`: the lock that applies when this attempt turns out to be a failure;
   * the slots: what this attempt was counted as on each key
   */
  | { ok: true; ifFailed: ThrottleState; accountSlot: Slot; addressSlot: Slot }
  /** refused without checking the password; `audit` is set when this refusal is due an audit event */
  | { ok: false; state: Locked; audit: { refused: number } | null };

const iso = (d: Date) => d.toISOString();
// a burst of parallel attempts queues on the row lock; each transaction holds it for two statements
const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

class Refused extends Error {
  constructor(readonly key: string) {
    super(`refused: ${key}`);
  }
}

/**
 * Takes one attempt slot on the account and the address key, or none: when either is at its
 * limit the transaction rolls back and nothing is counted but the refusal.
 */
export async function reserveAttempt(db: Db, keys: ThrottleKeys, limits: ThrottleLimits, now = new Date()): Promise<Reservation> {
  const windowMs = limits.lockMinutes * 60_000;
  const until = new Date(now.getTime() + windowMs);
  const windowOpenedAfter = new Date(now.getTime() - windowMs);
  try {
    const { state: ifFailed, slots } = await db.$transaction(async (tx) => {
      let state: ThrottleState = { locked: false };
      const slots: Slot[] = [];
      // always account first, then address: every attempt locks rows in the same order
      for (const [key, max] of [
        [keys.account, limits.maxFailures],
        [keys.address, limits.maxFailuresPerAddress],
      ] as const) {
        // "fresh": the window has passed and no lock holds, so counting starts again at 1
        const fresh = Prisma.sql`("LoginThrottle"."windowStart" <= ${iso(windowOpenedAfter)}::timestamp(3)
          AND ("LoginThrottle"."lockedUntil" IS NULL OR "LoginThrottle"."lockedUntil" <= ${iso(now)}::timestamp(3)))`;
        const next = Prisma.sql`(CASE WHEN ${fresh} THEN 1 ELSE "LoginThrottle"."failures" + 1 END)`;
        const rows = await tx.$queryRaw<{ failures: number; windowStartMs: number }[]>`
          INSERT INTO "LoginThrottle" ("key", "failures", "windowStart", "lockedUntil", "updatedAt")
          VALUES (${key}, 1, ${iso(now)}::timestamp(3), ${1 >= max ? iso(until) : null}::timestamp(3), ${iso(now)}::timestamp(3))
          ON CONFLICT ("key") DO UPDATE SET
            "failures" = ${next},
            "windowStart" = CASE WHEN ${fresh} THEN ${iso(now)}::timestamp(3) ELSE "LoginThrottle"."windowStart" END,
            "lockedUntil" = CASE WHEN ${next} >= ${max} THEN ${iso(until)}::timestamp(3) ELSE NULL END,
            "refusedSinceAudit" = CASE WHEN ${fresh} THEN 0 ELSE "LoginThrottle"."refusedSinceAudit" END,
            "updatedAt" = ${iso(now)}::timestamp(3)
          WHERE ${fresh} OR "LoginThrottle"."failures" < ${max}
          RETURNING "failures", (extract(epoch FROM "windowStart") * 1000)::float8 AS "windowStartMs"`;
        const failures = rows[0]?.failures;
        if (failures === undefined) throw new Refused(key);
        slots.push({ failures, windowStart: new Date(rows[0]!.windowStartMs) });
        if (failures >= max && (!state.locked || until > state.until)) state = { locked: true, key, until };
      }
      return { state, slots };
    }, TX_OPTIONS);
    return { ok: true, ifFailed, accountSlot: slots[0]!, addressSlot: slots[1]! };
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return refuse(db, e.key, now);
  }
}

/** Counts a refused attempt on the key that refused it; one audit event per key per interval. */
async function refuse(db: Db, key: string, now: Date): Promise<Reservation> {
  const auditBefore = new Date(now.getTime() - REFUSED_AUDIT_INTERVAL_MS);
  // the old row is read FOR UPDATE in the same statement, so two refusals cannot both be "due"
  const rows = await db.$queryRaw<{ untilMs: number | null; due: boolean; refused: number }[]>`
    UPDATE "LoginThrottle" AS t SET
      "refusedSinceAudit" = CASE WHEN o.due THEN 0 ELSE o."refusedSinceAudit" + 1 END,
      "refusedAuditedAt" = CASE WHEN o.due THEN ${iso(now)}::timestamp(3) ELSE o."refusedAuditedAt" END
    FROM (SELECT "key", "refusedSinceAudit", "refusedAuditedAt",
                 ("refusedAuditedAt" IS NULL OR "refusedAuditedAt" <= ${iso(auditBefore)}::timestamp(3)) AS due
            FROM "LoginThrottle" WHERE "key" = ${key} FOR UPDATE) AS o
    WHERE t."key" = o."key"
    RETURNING (extract(epoch FROM t."lockedUntil") * 1000)::float8 AS "untilMs", o.due AS due, (o."refusedSinceAudit" + 1)::int AS refused`;
  const row = rows[0];
  const until = row?.untilMs != null ? new Date(row.untilMs) : new Date(now.getTime() + 60_000);
  return { ok: false, state: { locked: true, key, until }, audit: !row || row.due ? { refused: row?.refused ?? 1 } : null };
}

/**
 * After a successful sign-in the account's count forgets this attempt and every failure counted
 * before it (one sequence of typos followed by the right password starts again from zero),
 * but not attempts reserved after it that are still being checked: a burst of parallel
 * guesses that contains the right password still gets no more than the limit after it.
 * The address gets this attempt's slot back.
 */
export async function releaseOnSuccess(
  tx: Tx,
  keys: ThrottleKeys,
  limits: ThrottleLimits,
  slots: { accountSlot: Slot; addressSlot: Slot },
): Promise<void> {
  const { accountSlot, addressSlot } = slots;
  const n = accountSlot.failures;
  await tx.$executeRaw`
    UPDATE "LoginThrottle" SET
      "failures" = GREATEST("failures" - ${n}, 0),
      "lockedUntil" = CASE WHEN "failures" - ${n} >= ${limits.maxFailures} THEN "lockedUntil" ELSE NULL END
    WHERE "key" = ${keys.account} AND "windowStart" = ${iso(accountSlot.windowStart)}::timestamp(3)`;
  await tx.$executeRaw`
    UPDATE "LoginThrottle" SET
      "failures" = GREATEST("failures" - 1, 0),
      "lockedUntil" = CASE WHEN "failures" - 1 >= ${limits.maxFailuresPerAddress} THEN "lockedUntil" ELSE NULL END
    WHERE "key" = ${keys.address} AND "windowStart" = ${iso(addressSlot.windowStart)}::timestamp(3)`;
}

/** The lock on any of these keys now, if one holds. */
export async function throttleState(db: Tx, keys: string[], now = new Date()): Promise<ThrottleState> {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keys } } });
  const locked = rows
    .filter((r) => r.lockedUntil && r.lockedUntil > now)
    .sort((a, b) => b.lockedUntil!.getTime() - a.lockedUntil!.getTime())[0];
  return locked ? { locked: true, key: locked.key, until: locked.lockedUntil! } : { locked: false };
}

export async function clearAccount(tx: Tx, account: string): Promise<void> {
  await tx.loginThrottle.deleteMany({ where: { key: account } });
}

export function lockMessage(state: Locked, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((state.until.getTime() - now.getTime()) / 60_000));
  const what = state.key.startsWith("account:") ? "this account" : "your network address";
  return `Too many failed sign-in attempts for ${what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
