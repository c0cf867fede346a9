import { appendAudit } from "../audit/append";
import type { Db } from "../database/types";
import { verifyPassword } from "./password";
import { accountKey, addressKey, clearAccount, lockMessage, recordFailure, throttleState, type ThrottleLimits } from "./throttle";

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: string } }
  | { ok: false; message: string };

const GENERIC = "That email and password do not match an account.";

/** Checks a password sign-in, counting failures; every failure is audited with its reason. */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; address: string },
  limits: ThrottleLimits,
): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const keys = { account: accountKey(email), address: addressKey(input.address) };
  const before = await throttleState(db, [keys.account, keys.address]);
  if (before.locked) {
    await db.$transaction(async (tx) => {
      await appendAudit(tx, {
        actor: { type: "system", id: null, label: email || "unknown" },
        action: "auth.sign_in_failed",
        subject: { type: "user", id: email },
        after: { address: input.address, reason: "locked" },
        reason: "locked out after repeated failures",
      });
    });
    return { ok: false, message: lockMessage(before) };
  }
  const user = email ? await db.user.findUnique({ where: { email } }) : null;
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (user && valid && !user.disabledAt) {
    await db.$transaction(async (tx) => {
      await clearAccount(tx, keys.account);
      await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    });
    return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
  }
  const reason = !user ? "unknown account" : user.disabledAt ? "account disabled" : "wrong password";
  const state = await db.$transaction(async (tx) => {
    const s = await recordFailure(tx, keys, limits);
    await appendAudit(tx, {
      actor: user ? { type: "user", id: user.id, label: user.email, role: user.role } : { type: "system", id: null, label: email || "unknown" },
      action: "auth.sign_in_failed",
      subject: { type: "user", id: user?.id ?? email },
      after: { address: input.address, reason },
      reason,
    });
    return s;
  });
  if (state.locked) return { ok: false, message: lockMessage(state) };
  if (user?.disabledAt && valid) return { ok: false, message: "This account is disabled. Ask an admin to enable it." };
  return { ok: false, message: GENERIC };
}
