import { appendAudit } from "../audit/append";
import type { Db } from "../database/types";
import { zodIssues, type FieldIssue } from "../errors";
import { verifyPassword } from "./password";
import { signInInput } from "./schemas";
import { accountKey, addressKey, lockMessage, releaseOnSuccess, reserveAttempt, type ThrottleLimits } from "./throttle";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: string; sessionGeneration: number } }
  | { ok: false; message: string; issues?: FieldIssue[] };

// One answer for an unknown account, a wrong password and a disabled account, whether the
// password was right or not: the form must not confirm either.
export const SIGN_IN_FAILED = "That email and password do not match an account.";

/**
 * Checks a password sign-in. An attempt slot is reserved on the account's and the address's
 * counters before the password is checked (lib/auth/throttle.ts), so no more than the
 * configured number of passwords is ever tried per window. Every sign-in is audited, a success
 * (`auth.signed_in`, provider "password") and every checked failure with its reason; attempts
 * refused by a lock are audited at most once a minute per key.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; address: string },
  limits: ThrottleLimits,
): Promise<SignInResult> {
  // Shape first, before any database work: an over-long or malformed email cannot match an
  // account, and what reaches the audit trail is then always a bounded, normalised address.
  const parsed = signInInput.safeParse({ email: input.email, password: input.password });
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return { ok: false, message: issues[0]?.message ?? SIGN_IN_FAILED, issues };
  }
  const { email, password } = parsed.data;
  const address = input.address.slice(0, 64) || "unknown";
  const keys = { account: accountKey(email), address: addressKey(address) };
  const anonymous = { type: "system" as const, id: null, label: email };

  const reservation = await reserveAttempt(db, keys, limits);
  if (!reservation.ok) {
    const { audit } = reservation;
    if (audit) {
      await db.$transaction(async (tx) => {
        await appendAudit(tx, {
          actor: anonymous,
          action: "auth.sign_in_failed",
          subject: { type: "user", id: email },
          after: { address, reason: "locked", refusedAttempts: audit.refused },
          reason: `locked out after repeated failures (${audit.refused} attempt${audit.refused === 1 ? "" : "s"} refused since the last such event)`,
        });
      });
    }
    return { ok: false, message: lockMessage(reservation.state) };
  }

  const user = await db.user.findUnique({ where: { email } });
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (user && valid && !user.disabledAt) {
    await db.$transaction(async (tx) => {
      await releaseOnSuccess(tx, keys, limits, reservation);
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
      await appendAudit(tx, {
        actor: { type: "user", id: user.id, label: user.email, role: user.role },
        action: "auth.signed_in",
        subject: { type: "user", id: user.id },
        after: { provider: "password", address },
        reason: "signed in with a password",
      });
    });
    return {
      ok: true,
      user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionGeneration: user.sessionGeneration },
    };
  }
  // the slot reserved above stays taken: this was a failure
  const reason = !user ? "unknown account" : user.disabledAt ? "account disabled" : "wrong password";
  await db.$transaction(async (tx) => {
    await appendAudit(tx, {
      actor: user ? { type: "user", id: user.id, label: user.email, role: user.role } : anonymous,
      action: "auth.sign_in_failed",
      subject: { type: "user", id: user?.id ?? email },
      after: { address, reason },
      reason,
    });
  });
  if (reservation.ifFailed.locked) return { ok: false, message: lockMessage(reservation.ifFailed) };
  return { ok: false, message: SIGN_IN_FAILED };
}
