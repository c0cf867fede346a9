import { appendAudit } from "../audit/append";
import type { Db, Tx } from "../database/types";
import { ConflictError, NotFoundError } from "../errors";
import type { Role } from "../../generated/prisma/enums";
import { systemActor, type Actor } from "./actor";
import { parseOrThrow } from "../input/validate";
import { hashPassword } from "./password";
import {
  changeRoleInput,
  createUserInput,
  firstAdminInput,
  resetPasswordInput,
  setDisabledInput,
  type ChangeRoleInput,
  type CreateUserInput,
  type FirstAdminInput,
  type ResetPasswordInput,
  type SetDisabledInput,
} from "./schemas";
import { accountKey, clearAccount } from "./throttle";
import { currentTime } from "../clock";

// Users and roles. Every write takes the same advisory lock for the length of its
// transaction, so "is there another active admin?" and "are there no users yet?" cannot be
// answered twice at once: two admins demoting each other, or two browsers running setup,
// are serialised and the second sees the first one's result.
const USERS_LOCK_KEY = 7_400_010;
export const USERS_TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 };
const TX_OPTIONS = USERS_TX_OPTIONS;

export type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  /** "password", or the identity provider's id ("oidc") for an account single sign-on manages */
  authSource: string;
  /** "sso" when a sign-in whose groups granted no role disabled it */
  disabledBy: string | null;
};

const userSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  lastLoginAt: true,
  createdAt: true,
  authSource: true,
  disabledBy: true,
} as const;

// What the audit log records about a user: never the password hash.
const snapshot = (u: Pick<UserRow, "email" | "name" | "role" | "disabledAt">) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabledAt !== null,
});

/** Taken by every write to users and roles, single sign-on's included (lib/auth/sso-sync.ts). */
export async function lockUsers(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${USERS_LOCK_KEY})`);
}

async function getUserOrThrow(tx: Tx, id: string): Promise<UserRow> {
  const user = await tx.user.findUnique({ where: { id }, select: userSelect });
  if (!user) throw new NotFoundError(`No user with id ${id}.`);
  return user;
}

const isSelf = (actor: Actor, userId: string) => actor.type === "user" && actor.id === userId;

// Separation of duties (lib/lifecycle/independence.ts): the person who created an account or
// granted its role is recorded with it, so their own approvers can be told apart from
// independent ones. Only a signed-in user is recorded; setup and scripts leave it unknown.
const actorUserId = (actor: Actor): string | null => (actor.type === "user" ? actor.id : null);

async function assertAnotherActiveAdmin(tx: Tx, user: UserRow, doing: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: user.id } } });
  if (others === 0) {
    throw new ConflictError(
      `${user.email} is the last active admin; ${doing} would leave nobody able to manage users. Make another user an admin first.`,
    );
  }
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

export async function countUsers(db: Tx): Promise<number> {
  return db.user.count();
}

export async function listUsers(db: Tx): Promise<UserRow[]> {
  return db.user.findMany({ select: userSelect, orderBy: [{ createdAt: "asc" }, { email: "asc" }] });
}

/** Creates the first account, an admin, on an empty database; refused once any user exists. */
export async function createFirstAdmin(db: Db, raw: FirstAdminInput): Promise<UserRow> {
  const input = parseOrThrow(firstAdminInput, raw);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await lockUsers(tx);
    if ((await tx.user.count()) > 0) {
      throw new ConflictError("Rollgate already has an admin account. Sign in, or ask an admin to create an account for you.");
    }
    const user = await tx.user.create({
      data: { name: input.name, email: input.email, role: "admin", passwordHash },
      select: userSelect,
    });
    await appendAudit(tx, {
      actor: systemActor("setup"),
      action: "user.created",
      subject: { type: "user", id: user.id },
      after: snapshot(user),
      reason: "first admin created during setup",
    });
    return user;
  }, TX_OPTIONS);
}

export async function createUser(db: Db, actor: Actor, raw: CreateUserInput): Promise<UserRow> {
  const input = parseOrThrow(createUserInput, raw);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      await lockUsers(tx);
      const user = await tx.user.create({
        data: {
          name: input.name,
          email: input.email,
          role: input.role,
          passwordHash,
          createdById: actorUserId(actor),
          roleGrantedById: actorUserId(actor),
          roleGrantedAt: currentTime(),
          createdAt: currentTime(),
        },
        select: userSelect,
      });
      await appendAudit(tx, { actor, action: "user.created", subject: { type: "user", id: user.id }, after: snapshot(user) });
      return user;
    }, TX_OPTIONS);
  } catch (e) {
    if (isUniqueViolation(e)) throw new ConflictError(`A user with the email ${input.email} already exists.`);
    throw e;
  }
}

/** Changing a user to the role they already have is a no-op and is not audited. */
export async function changeRole(db: Db, actor: Actor, raw: ChangeRoleInput): Promise<UserRow> {
  const input = parseOrThrow(changeRoleInput, raw);
  return db.$transaction(async (tx) => {
    await lockUsers(tx);
    const user = await getUserOrThrow(tx, input.userId);
    if (user.role === input.role) return user;
    if (isSelf(actor, user.id)) throw new ConflictError("You cannot change your own role. Ask another admin to do it.");
    if (user.role === "admin" && !user.disabledAt) await assertAnotherActiveAdmin(tx, user, `making them ${input.role}`);
    // a role change ends the user's sessions: they sign in again under the new role
    const { count } = await tx.user.updateMany({
      where: { id: user.id, role: user.role },
      data: { role: input.role, sessionGeneration: { increment: 1 }, roleGrantedById: actorUserId(actor), roleGrantedAt: new Date() },
    });
    if (count === 0) throw new ConflictError(`${user.email} was changed by someone else meanwhile; reload and try again.`);
    const after = { ...user, role: input.role };
    await appendAudit(tx, {
      actor,
      action: "user.role_changed",
      subject: { type: "user", id: user.id },
      before: snapshot(user),
      after: snapshot(after),
    });
    return after;
  }, TX_OPTIONS);
}

/**
 * Disabling ends the user's sessions at their next request and revokes the API tokens they
 * created, all in one transaction with the audit events.
 */
export async function setDisabled(db: Db, actor: Actor, raw: SetDisabledInput): Promise<UserRow> {
  const input = parseOrThrow(setDisabledInput, raw);
  return db.$transaction(async (tx) => {
    await lockUsers(tx);
    const user = await getUserOrThrow(tx, input.userId);
    const now = new Date();
    if (input.disabled) {
      if (isSelf(actor, user.id)) throw new ConflictError("You cannot disable your own account. Ask another admin to do it.");
      if (user.role === "admin" && !user.disabledAt) await assertAnotherActiveAdmin(tx, user, "disabling them");
    }
    const { count } = await tx.user.updateMany({
      where: { id: user.id, disabledAt: input.disabled ? null : { not: null } },
      // An admin's disabling names the admin (null for a script), never "sso": a sign-in through
      // the identity provider does not undo it (lib/auth/sso-sync.ts).
      data: input.disabled
        ? { disabledAt: now, disabledBy: actorUserId(actor), sessionGeneration: { increment: 1 } }
        : { disabledAt: null, disabledBy: null },
    });
    if (count === 0) {
      throw new ConflictError(input.disabled ? `${user.email} is already disabled.` : `${user.email} is not disabled.`);
    }
    // Offboarding: the API tokens this person created stop in the same transaction (and stay
    // revoked if the account is enabled again; an admin makes new ones).
    if (input.disabled) await revokeTokensOf(tx, actor, user, now);
    const after = { ...user, disabledAt: input.disabled ? now : null };
    await appendAudit(tx, {
      actor,
      action: input.disabled ? "user.disabled" : "user.enabled",
      subject: { type: "user", id: user.id },
      before: snapshot(user),
      after: snapshot(after),
    });
    return after;
  }, TX_OPTIONS);
}

/**
 * Sets a new password, ends every session of the user and lifts a sign-in lock on the
 * account, so the user can sign in with it at once.
 */
export async function resetPassword(db: Db, actor: Actor, raw: ResetPasswordInput): Promise<UserRow> {
  const input = parseOrThrow(resetPasswordInput, raw);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    await lockUsers(tx);
    const user = await getUserOrThrow(tx, input.userId);
    // every session signed in with the old password ends
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionGeneration: { increment: 1 } } });
    await clearAccount(tx, accountKey(user.email));
    await appendAudit(tx, {
      actor,
      action: "user.password_reset",
      subject: { type: "user", id: user.id },
      after: { email: user.email },
    });
    return user;
  }, TX_OPTIONS);
}

async function revokeTokensOf(tx: Tx, actor: Actor, user: UserRow, now: Date): Promise<void> {
  const tokens = await tx.apiToken.findMany({
    where: { createdById: user.id, revokedAt: null },
    select: { id: true, name: true, prefix: true },
  });
  if (!tokens.length) return;
  await tx.apiToken.updateMany({ where: { id: { in: tokens.map((t) => t.id) } }, data: { revokedAt: now, revokedBy: actor.label } });
  for (const t of tokens) {
    await appendAudit(tx, {
      actor,
      action: "token.revoked",
      subject: { type: "token", id: t.id },
      before: { name: t.name, prefix: t.prefix, revokedAt: null },
      after: { name: t.name, prefix: t.prefix, revokedAt: now },
      reason: `its creator ${user.email} was disabled`,
    });
  }
}

/**
 * Ends every session of a user (sign-out, "sign out everywhere"): the session generation goes
 * up, so cookies issued before are refused on their next request. With `ifGeneration`, only
 * when that is still the current one (a session that has already ended changes nothing).
 */
export async function endAllSessions(db: Db, userId: string, ifGeneration: number | null, why: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, ...(ifGeneration === null ? {} : { sessionGeneration: ifGeneration }) },
      data: { sessionGeneration: { increment: 1 } },
    });
    if (count === 0) return false;
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, role: true } });
    await appendAudit(tx, {
      actor: { type: "user", id: user.id, label: user.email, role: user.role },
      action: "user.sessions_ended",
      subject: { type: "user", id: user.id },
      reason: why,
    });
    return true;
  }, TX_OPTIONS);
}
