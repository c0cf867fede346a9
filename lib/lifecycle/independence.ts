/**
 * Separation of duties beyond four-eyes: an admin who registers a version could otherwise
 * create a second account (or promote a colleague's) and approve with it. An approval does not
 * count when the reviewer's account was created by the registrant, or their role was granted
 * by the registrant, within the policy's independence window (`approvals.independenceDays`,
 * default 30). The registrant is the user who registered the version, or the creator of the API
 * token it was registered with (four-eyes.ts).
 *
 * Accounts whose creator or grantor is unknown (setup, scripts, rows from before this was
 * recorded and not found in the audit trail) count as independent.
 */
import type { Tx } from "../database/types";
import { registrantUserId, type Registration } from "./four-eyes";
import { currentTime } from "../clock";

const DAY_MS = 24 * 60 * 60 * 1000;

const day = (d: Date) => d.toISOString().slice(0, 10);

export type Appointment = { email: string; principal: string; how: "created" | "role"; role: string; at: Date };

/** What `appointedWithin` needs of the reviewer's account. */
export type AccountOrigin = { createdById: string | null; createdAt: Date; roleGrantedById: string | null; roleGrantedAt: Date | null };

/**
 * Whether `principalId` created the account, or granted its role, within the last `days` days,
 * and which: the rule itself, so a page counting many versions applies the same one as a decision.
 */
export function appointedWithin(user: AccountOrigin, principalId: string, days: number, now: Date = new Date()): "created" | "role" | null {
  if (days <= 0) return null;
  const since = now.getTime() - days * DAY_MS;
  if (user.createdById === principalId && user.createdAt.getTime() >= since) return "created";
  if (user.roleGrantedById === principalId && user.roleGrantedAt && user.roleGrantedAt.getTime() >= since) return "role";
  return null;
}

/**
 * When `userId`'s account was created by `principalId`, or their role granted by them, within
 * the last `days` days: how and when; null otherwise (or when the window is 0).
 */
export async function appointedBy(
  tx: Tx,
  userId: string,
  principalId: string,
  days: number,
  now: Date = currentTime(),
): Promise<Appointment | null> {
  if (days <= 0 || userId === principalId) return null;
  const user = await tx.user.findUnique({
    where: { id: userId },
    select: { email: true, role: true, createdById: true, createdAt: true, roleGrantedById: true, roleGrantedAt: true },
  });
  if (!user) return null;
  const how = appointedWithin(user, principalId, days, now);
  if (!how) return null;
  const principal = (await tx.user.findUnique({ where: { id: principalId }, select: { email: true } }))?.email ?? `user ${principalId}`;
  const at = how === "created" ? user.createdAt : (user.roleGrantedAt as Date);
  return { email: user.email, principal, how, role: user.role, at };
}

/** "a@x was created by b@x on 2026-12-04" / "a@x was given the approver role by b@x on …". */
export function appointmentText(a: Appointment): string {
  return a.how === "created"
    ? `${a.email} was created by ${a.principal} on ${day(a.at)}`
    : `${a.email} was given the ${a.role} role by ${a.principal} on ${day(a.at)}`;
}

/**
 * Why `reviewerId`'s approval of the version does not count, or null when it does. Read inside
 * the decision's transaction, so a role granted a moment ago is seen.
 */
export async function dependenceReason(
  tx: Tx,
  row: Registration,
  reviewerId: string,
  independenceDays: number,
  now: Date = currentTime(),
): Promise<string | null> {
  if (independenceDays <= 0) return null;
  const registrantId = await registrantUserId(tx, row);
  if (!registrantId) return null;
  const appointment = await appointedBy(tx, reviewerId, registrantId, independenceDays, now);
  if (!appointment) return null;
  return `${appointmentText(appointment)}, within the policy's ${independenceDays}-day independence window: their approval does not count for this version.`;
}
