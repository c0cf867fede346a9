/**
 * A sign-in through the identity provider: finds or creates the Rollgate account, refreshes its
 * role and teams from the groups in the ID token, and decides whether the person gets in — one
 * transaction with every audit event, so the trail never shows a role change without the
 * sign-in that caused it. README → Single sign-on holds the rules as operators read them.
 */
import type { Role } from "../../generated/prisma/enums";
import { appendAudit } from "../audit/append";
import type { Db, Tx } from "../database/types";
import { syncSsoTeams } from "../teams/server";
import type { Actor } from "./actor";
import { emailField } from "./schemas";
import { DISABLED_BY_SSO, type SsoRefusal } from "./sso-id";
import { resolveGroupAccess, type GroupAccess, type RoleMap, type TeamMap } from "./sso-mapping";
import { lockUsers, USERS_TX_OPTIONS } from "./users-service";

export type SsoIdentity = {
  /** the ID token's `sub`: who this is at the provider, whatever their email becomes */
  subject: string;
  email: string | null;
  /** the `email_verified` claim; undefined when the provider does not send it */
  emailVerified: boolean | undefined;
  name: string | null;
  groups: string[];
};

export type SsoProvider = { id: string; name: string; roleMap: RoleMap; teamMap: TeamMap };

export type SsoSignInResult =
  | { ok: true; user: { id: string; email: string; name: string; role: Role; sessionGeneration: number } }
  | { ok: false; reason: SsoRefusal };

type UserRecord = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  disabledBy: string | null;
  sessionGeneration: number;
};
const userSelect = { id: true, email: true, name: true, role: true, disabledAt: true, disabledBy: true, sessionGeneration: true } as const;

const snapshot = (u: Pick<UserRecord, "email" | "name" | "role" | "disabledAt">) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  disabled: u.disabledAt !== null,
});

// An Entra ID user can be in hundreds of groups: the trail keeps the ones the maps know, and a count of the rest.
const MAX_LISTED = 50;
function groupsForAudit(groups: readonly string[], provider: SsoProvider) {
  const mapped = groups.filter((g) => provider.roleMap.has(g) || provider.teamMap.has(g));
  return { mappedGroups: mapped.slice(0, MAX_LISTED), otherGroups: groups.length - Math.min(mapped.length, MAX_LISTED) };
}
const listed = (groups: readonly string[]) => (groups.length ? groups.slice(0, 10).join(", ") + (groups.length > 10 ? ", …" : "") : "none");

function cleanEmail(raw: string | null): string | null {
  const parsed = emailField.safeParse(raw ?? "");
  return parsed.success ? parsed.data : null;
}

function cleanName(identity: SsoIdentity, email: string): string {
  const name = (identity.name ?? "").trim().slice(0, 100);
  return name || email.split("@")[0] || email;
}

/**
 * Signs a person in from the identity provider's claims. Rules, in order:
 * - the account linked to this subject (Account provider + sub) is theirs;
 * - else an account with the same email is linked to it, unless the provider says the email is
 *   not verified, the account is linked to another identity at this provider, or an admin
 *   disabled it; an unlinked account is never disabled or changed by a sign-in without a role;
 * - else an account is created, password-less, when a group grants a role;
 * - no group grants a role: refused, and a linked account is disabled (`disabledBy` "sso"),
 *   which ends its sessions and stops its API tokens; a later sign-in with a role enables it;
 * - an account an admin disabled stays refused;
 * - the role follows the groups at every sign-in (a change ends older sessions), and so do the
 *   team memberships that came from groups.
 */
export async function signInWithSso(db: Db, provider: SsoProvider, identity: SsoIdentity): Promise<SsoSignInResult> {
  const access = resolveGroupAccess(identity.groups, provider.roleMap, provider.teamMap);
  const email = cleanEmail(identity.email);
  const idp: Actor = { type: "system", id: null, label: `single sign-on (${provider.name})` };
  const cause = `group sync at sign-in via ${provider.name}`;

  return db.$transaction(async (tx) => {
    await lockUsers(tx);
    const refuse = async (reason: SsoRefusal, why: string, user: UserRecord | null): Promise<SsoSignInResult> => {
      await appendAudit(tx, {
        actor: user ? { type: "user", id: user.id, label: user.email, role: user.role } : { ...idp, label: email ?? identity.subject },
        action: "auth.sign_in_failed",
        subject: { type: "user", id: user?.id ?? email ?? identity.subject },
        after: {
          provider: provider.id,
          providerName: provider.name,
          subject: identity.subject,
          reason: why,
          ...groupsForAudit(identity.groups, provider),
        },
        reason: why,
      });
      return { ok: false, reason };
    };

    const account = await tx.account.findUnique({
      where: { provider_providerAccountId: { provider: provider.id, providerAccountId: identity.subject } },
      select: { user: { select: userSelect } },
    });
    let user: UserRecord | null = account?.user ?? null;

    if (!user) {
      if (!email) return refuse("no-email", `${provider.name} sent no usable email address`, null);
      const existing = await tx.user.findUnique({ where: { email }, select: userSelect });
      if (existing) {
        if (identity.emailVerified === false) {
          return refuse(
            "unverified-email",
            `${provider.name} says ${email} is not verified; the existing account was not linked`,
            existing,
          );
        }
        const other = await tx.account.findFirst({ where: { userId: existing.id, provider: provider.id }, select: { id: true } });
        if (other) return refuse("linked-elsewhere", `${email} is linked to another identity at ${provider.name}`, existing);
        if (existing.disabledAt && existing.disabledBy !== DISABLED_BY_SSO) return refuse("disabled", "account disabled", existing);
        if (!access.role) return refuse("no-role", `no group maps to a role (groups: ${listed(identity.groups)})`, existing);
        await linkAccount(tx, provider, identity, existing.id);
        await tx.user.update({ where: { id: existing.id }, data: { authSource: provider.id } });
        await appendAudit(tx, {
          actor: idp,
          action: "user.sso_linked",
          subject: { type: "user", id: existing.id },
          after: { email, provider: provider.id, providerName: provider.name, subject: identity.subject },
          reason: `first sign-in via ${provider.name} with the same, verified email address`,
        });
        user = existing;
      } else {
        if (!access.role) return refuse("no-role", `no group maps to a role (groups: ${listed(identity.groups)})`, null);
        user = await createSsoUser(tx, provider, identity, email, access, idp, cause);
      }
    }

    if (user.disabledAt && user.disabledBy !== DISABLED_BY_SSO) return refuse("disabled", "account disabled", user);

    const teams = await syncTeams(tx, provider, identity, user, access, idp, cause);
    if (!access.role) {
      if (!user.disabledAt) {
        const now = new Date();
        await tx.user.update({
          where: { id: user.id },
          data: { disabledAt: now, disabledBy: DISABLED_BY_SSO, sessionGeneration: { increment: 1 } },
        });
        await appendAudit(tx, {
          actor: idp,
          action: "user.disabled",
          subject: { type: "user", id: user.id },
          before: snapshot(user),
          after: snapshot({ ...user, disabledAt: now }),
          reason: `${cause}: no group maps to a role any more (groups: ${listed(identity.groups)}); their sessions end and their API tokens stop working`,
        });
      }
      return refuse("no-role", `no group maps to a role (groups: ${listed(identity.groups)})`, user);
    }

    const roleCause = `${cause}: ${access.roleGroups.join(", ")} → ${access.role}`;
    if (user.disabledAt) {
      await tx.user.update({ where: { id: user.id }, data: { disabledAt: null, disabledBy: null } });
      await appendAudit(tx, {
        actor: idp,
        action: "user.enabled",
        subject: { type: "user", id: user.id },
        before: snapshot(user),
        after: snapshot({ ...user, disabledAt: null }),
        reason: `${roleCause}; single sign-on had disabled the account because no group granted a role`,
      });
      user = { ...user, disabledAt: null, disabledBy: null };
    }
    if (user.role !== access.role) {
      // like an admin's role change, it ends the sessions issued under the old role
      const updated = await tx.user.update({
        where: { id: user.id },
        data: { role: access.role, roleGrantedAt: new Date(), roleGrantedById: null, sessionGeneration: { increment: 1 } },
        select: userSelect,
      });
      await appendAudit(tx, {
        actor: idp,
        action: "user.role_changed",
        subject: { type: "user", id: user.id },
        before: snapshot(user),
        after: snapshot(updated),
        reason: roleCause,
      });
      user = updated;
    }

    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await appendAudit(tx, {
      actor: { type: "user", id: user.id, label: user.email, role: user.role },
      action: "auth.signed_in",
      subject: { type: "user", id: user.id },
      after: {
        provider: provider.id,
        providerName: provider.name,
        role: user.role,
        teams: access.teams.filter((t) => !teams.unknown.includes(t)),
        ...(teams.unknown.length ? { unknownTeams: teams.unknown } : {}),
        ...groupsForAudit(identity.groups, provider),
      },
      reason: teams.unknown.length
        ? `signed in via ${provider.name}; the team map names teams that do not exist, skipped: ${teams.unknown.join(", ")}`
        : `signed in via ${provider.name}`,
    });
    return {
      ok: true,
      user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionGeneration: user.sessionGeneration },
    };
  }, USERS_TX_OPTIONS);
}

async function linkAccount(tx: Tx, provider: SsoProvider, identity: SsoIdentity, userId: string): Promise<void> {
  // Only the link is kept: Rollgate calls nothing at the provider after sign-in, so no token is stored.
  await tx.account.create({ data: { userId, type: "oauth", provider: provider.id, providerAccountId: identity.subject } });
}

async function createSsoUser(
  tx: Tx,
  provider: SsoProvider,
  identity: SsoIdentity,
  email: string,
  access: GroupAccess,
  idp: Actor,
  cause: string,
): Promise<UserRecord> {
  const user = await tx.user.create({
    data: {
      email,
      name: cleanName(identity, email),
      role: access.role!,
      passwordHash: null,
      authSource: provider.id,
      // the identity provider granted the role, not a Rollgate user (lib/lifecycle/independence.ts)
      createdById: null,
      roleGrantedById: null,
      roleGrantedAt: new Date(),
    },
    select: userSelect,
  });
  await linkAccount(tx, provider, identity, user.id);
  await appendAudit(tx, {
    actor: idp,
    action: "user.created",
    subject: { type: "user", id: user.id },
    after: { ...snapshot(user), authSource: provider.id, subject: identity.subject },
    reason: `first sign-in via ${provider.name}; ${cause}: ${access.roleGroups.join(", ")} → ${access.role}`,
  });
  return user;
}

async function syncTeams(
  tx: Tx,
  provider: SsoProvider,
  identity: SsoIdentity,
  user: UserRecord,
  access: GroupAccess,
  idp: Actor,
  cause: string,
): Promise<{ unknown: string[] }> {
  const sync = await syncSsoTeams(tx, user.id, access.teams);
  const groupsFor = (team: string) => identity.groups.filter((g) => provider.teamMap.get(g)?.includes(team));
  for (const team of sync.added) {
    await appendAudit(tx, {
      actor: idp,
      action: "team.member_added",
      subject: { type: "team", id: team },
      before: null,
      after: { email: user.email, source: "sso" },
      reason: `${cause}: ${groupsFor(team).join(", ")} → ${team}`,
    });
  }
  for (const team of sync.removed) {
    await appendAudit(tx, {
      actor: idp,
      action: "team.member_removed",
      subject: { type: "team", id: team },
      before: { email: user.email, source: "sso" },
      after: null,
      reason: `${cause}: no group of theirs maps to ${team} any more`,
    });
  }
  return { unknown: sync.unknown };
}
