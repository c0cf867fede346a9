// Single sign-on against a real OpenID Connect provider (oidc-provider, in this process) and a
// real database: each sign-in goes through the provider's login form and openid-client's
// verification of the ID token, then through next-auth's sign-in callback as Rollgate
// configures it, which syncs the account, its role and its teams.
import { randomBytes } from "node:crypto";
import type { IdTokenClaims } from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../lib/auth/actor";
import { buildAuthOptions } from "../../lib/auth/options";
import { getSessionUser } from "../../lib/auth/session";
import { signInWithPassword } from "../../lib/auth/sign-in";
import { parseRoleMap, parseTeamMap } from "../../lib/auth/sso-mapping";
import { authenticateToken } from "../../lib/auth/tokens";
import { createToken } from "../../lib/auth/tokens-service";
import { setDisabled } from "../../lib/auth/users-service";
import { env, type OidcSettings } from "../../lib/env";
import { createTeam } from "../../lib/teams/server";
import { startTestIdp, TAMPERS, type IdpUser, type TestIdp } from "../support/idp";
import { signInAtIdp } from "../support/idp-client";
import { testDb } from "./support/db";
import { createUser, TEST_PASSWORD, uniqueId } from "./support/factories";
import { signInAs } from "./support/session";

const RP = {
  clientId: "rollgate-it",
  clientSecret: randomBytes(24).toString("hex"),
  redirectUri: "http://rollgate.test/api/auth/callback/oidc",
};
const PUBLIC_URL = "http://rollgate.test";
const PROVIDER = "Test IdP";

// team keys of this run: the suite database is shared, so the teams are this file's own
const run = randomBytes(3).toString("hex");
const RISK_TEAM = `it-risk-${run}`;
const SUPPORT_TEAM = `it-support-${run}`;
const MISSING_TEAM = `it-missing-${run}`;

let idp: TestIdp;
let oidc: OidcSettings;
let options: ReturnType<typeof buildAuthOptions>;

function map<T>(parsed: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

beforeAll(async () => {
  idp = await startTestIdp({ clientId: RP.clientId, clientSecret: RP.clientSecret, redirectUris: [RP.redirectUri], users: [] });
  oidc = {
    issuer: idp.issuer,
    clientId: RP.clientId,
    clientSecret: RP.clientSecret,
    scopes: "openid email profile groups",
    name: PROVIDER,
    groupsClaim: "groups",
    roleMap: map(parseRoleMap("ml-admins:admin,ml-leads:approver,sre:operator,staff:viewer")),
    teamMap: map(parseTeamMap(`risk-ml:${RISK_TEAM},risk-ml:${MISSING_TEAM},support:${SUPPORT_TEAM}`)),
  };
  options = buildAuthOptions({ login: env().login, oidc, passwordSignIn: true, publicUrl: PUBLIC_URL });
  for (const key of [RISK_TEAM, SUPPORT_TEAM]) await createTeam(testDb(), systemActor("test"), { key, name: key });
});

afterAll(async () => {
  await idp?.close();
});

/** A person at the provider no other test uses. */
function person(groups: string[], extra: Partial<IdpUser> = {}): IdpUser {
  const login = uniqueId("sso").toLowerCase();
  const user: IdpUser = {
    login,
    password: `${login}-pw`,
    email: `${login}@acme.test`,
    name: `Person ${login.slice(-6)}`,
    groups,
    ...extra,
  };
  idp.setUser(user);
  return user;
}

type SignIn = { result: string | boolean; user: { id: string; gen?: number }; claims: IdTokenClaims };

/** Through the provider's login form and back, then next-auth's sign-in callback, as in a browser. */
async function ssoSignIn(u: IdpUser): Promise<SignIn> {
  const claims = await signInAtIdp(idp.issuer, RP, u.login, u.password);
  const user: { id: string; gen?: number } = { id: claims.sub };
  const account = { provider: "oidc", type: "oauth" as const, providerAccountId: claims.sub };
  const result = await options.callbacks!.signIn!({ user, account, profile: claims } as never);
  return { result, user, claims };
}

async function rollgateUser(email: string) {
  return testDb().user.findUnique({ where: { email }, include: { accounts: true, teams: { include: { team: true } } } });
}

async function audit(subjectId: string) {
  return testDb().auditEvent.findMany({ where: { subjectId }, orderBy: { seq: "asc" } });
}

async function teamAudit(email: string) {
  const rows = await testDb().auditEvent.findMany({
    where: { action: { in: ["team.member_added", "team.member_removed"] }, subjectId: { in: [RISK_TEAM, SUPPORT_TEAM] } },
    orderBy: { seq: "asc" },
  });
  return rows.filter((r) => JSON.stringify(r.after ?? r.before).includes(email));
}

/** Whether a session issued at `generation` still counts (lib/auth/session.ts). */
async function sessionWorks(user: { id: string; email: string; name: string }, generation: number): Promise<boolean> {
  signInAs(user, { generation });
  try {
    return (await getSessionUser()) !== null;
  } finally {
    signInAs(null);
  }
}

describe("the first sign-in", () => {
  it("creates the account with the role and the teams the groups map to, and audits why", async () => {
    const lee = person(["ml-leads", "risk-ml", "everyone"], { emailVerified: true });
    const { result, user } = await ssoSignIn(lee);
    expect(result).toBe(true);

    const row = await rollgateUser(lee.email);
    expect(row).toMatchObject({ role: "approver", authSource: "oidc", passwordHash: null, disabledAt: null, name: lee.name });
    expect(row!.roleGrantedById).toBeNull();
    expect(row!.roleGrantedAt).not.toBeNull();
    expect(row!.accounts).toEqual([expect.objectContaining({ provider: "oidc", providerAccountId: idp.user(lee.login).sub })]);
    expect(row!.teams.map((t) => [t.team.key, t.source])).toEqual([[RISK_TEAM, "sso"]]);
    // the session is the Rollgate account's, at its current generation
    expect(user).toEqual({ id: row!.id, gen: row!.sessionGeneration, email: lee.email, name: lee.name });

    const events = await audit(row!.id);
    expect(events.map((e) => e.action)).toEqual(["user.created", "auth.signed_in"]);
    expect(events[0]).toMatchObject({
      actorType: "system",
      actorLabel: `single sign-on (${PROVIDER})`,
      reason: `first sign-in via ${PROVIDER}; group sync at sign-in via ${PROVIDER}: ml-leads → approver`,
    });
    expect(events[1]).toMatchObject({ actorId: row!.id, reason: expect.stringContaining(`skipped: ${MISSING_TEAM}`) });
    expect(events[1]!.after).toMatchObject({
      provider: "oidc",
      providerName: PROVIDER,
      role: "approver",
      teams: [RISK_TEAM],
      unknownTeams: [MISSING_TEAM],
      mappedGroups: ["ml-leads", "risk-ml"],
      otherGroups: 1,
    });
    const teamEvents = await teamAudit(lee.email);
    expect(teamEvents).toEqual([
      expect.objectContaining({
        action: "team.member_added",
        subjectId: RISK_TEAM,
        reason: `group sync at sign-in via ${PROVIDER}: risk-ml → ${RISK_TEAM}`,
      }),
    ]);
  });

  it("with the highest role of several groups", async () => {
    const ada = person(["staff", "ml-admins", "sre"]);
    expect((await ssoSignIn(ada)).result).toBe(true);
    expect(await rollgateUser(ada.email)).toMatchObject({ role: "admin" });
  });

  it("refuses someone whose groups map to no role, creating nothing", async () => {
    const sam = person(["everyone", "risk-ml"]);
    const { result } = await ssoSignIn(sam);
    expect(result).toBe(`${PUBLIC_URL}/no-access?reason=no-role`);
    expect(await rollgateUser(sam.email)).toBeNull();
    const [event] = await audit(sam.email);
    expect(event).toMatchObject({
      action: "auth.sign_in_failed",
      actorLabel: sam.email,
      reason: "no group maps to a role (groups: everyone, risk-ml)",
    });
    expect(event!.after).toMatchObject({ provider: "oidc", providerName: PROVIDER, subject: idp.user(sam.login).sub });
  });
});

describe("a later sign-in", () => {
  it("follows the groups: a removed group removes the role and the team, and ends older sessions", async () => {
    const lee = person(["ml-leads", "risk-ml", "support"]);
    await ssoSignIn(lee);
    const before = (await rollgateUser(lee.email))!;
    expect(before.role).toBe("approver");
    expect(before.teams.map((t) => t.team.key).sort()).toEqual([RISK_TEAM, SUPPORT_TEAM].sort());
    expect(await sessionWorks(before, before.sessionGeneration)).toBe(true);

    idp.setGroups(lee.login, ["staff", "support"]);
    const { result, user } = await ssoSignIn(lee);
    expect(result).toBe(true);
    const after = (await rollgateUser(lee.email))!;
    expect(after.role).toBe("viewer");
    expect(after.roleGrantedById).toBeNull();
    expect(after.teams.map((t) => t.team.key)).toEqual([SUPPORT_TEAM]);
    expect(after.sessionGeneration).toBe(before.sessionGeneration + 1);
    expect(user.gen).toBe(after.sessionGeneration);
    // the session from before the change is refused; the new one works
    expect(await sessionWorks(after, before.sessionGeneration)).toBe(false);
    expect(await sessionWorks(after, after.sessionGeneration)).toBe(true);

    const changed = (await audit(after.id)).find((e) => e.action === "user.role_changed");
    expect(changed).toMatchObject({
      actorType: "system",
      reason: `group sync at sign-in via ${PROVIDER}: staff → viewer`,
      before: expect.objectContaining({ role: "approver" }),
      after: expect.objectContaining({ role: "viewer" }),
    });
    expect((await teamAudit(lee.email)).map((e) => [e.action, e.subjectId, e.reason])).toContainEqual([
      "team.member_removed",
      RISK_TEAM,
      `group sync at sign-in via ${PROVIDER}: no group of theirs maps to ${RISK_TEAM} any more`,
    ]);
  });

  it("with the same groups changes nothing but the sign-in time and does not end sessions", async () => {
    const ops = person(["sre"]);
    await ssoSignIn(ops);
    const first = (await rollgateUser(ops.email))!;
    await ssoSignIn(ops);
    const second = (await rollgateUser(ops.email))!;
    expect(second.sessionGeneration).toBe(first.sessionGeneration);
    expect((await audit(first.id)).map((e) => e.action)).toEqual(["user.created", "auth.signed_in", "auth.signed_in"]);
  });

  it("keeps a membership an admin added by hand when the group goes", async () => {
    const lee = person(["ml-leads", "risk-ml"]);
    await ssoSignIn(lee);
    const row = (await rollgateUser(lee.email))!;
    await testDb().teamMember.update({
      where: { teamId_userId: { teamId: row.teams[0]!.teamId, userId: row.id } },
      data: { source: "manual", addedBy: "admin@rollgate.test" },
    });
    idp.setGroups(lee.login, ["ml-leads"]);
    await ssoSignIn(lee);
    expect((await rollgateUser(lee.email))!.teams.map((t) => [t.team.key, t.source])).toEqual([[RISK_TEAM, "manual"]]);
  });

  it("without a mapped group disables the account, ends its sessions and stops its tokens; a mapped group brings it back", async () => {
    const ops = person(["sre", "risk-ml"]);
    await ssoSignIn(ops);
    const before = (await rollgateUser(ops.email))!;
    const actor = { type: "user" as const, id: before.id, label: before.email, role: before.role };
    const { secret } = await createToken(testDb(), actor, { name: uniqueId("sso-token"), scopes: ["release:write"] });
    expect(await authenticateToken(testDb(), secret)).not.toBeNull();

    idp.setGroups(ops.login, ["everyone"]);
    const refused = await ssoSignIn(ops);
    expect(refused.result).toBe(`${PUBLIC_URL}/no-access?reason=no-role`);
    const disabled = (await rollgateUser(ops.email))!;
    expect(disabled).toMatchObject({ disabledBy: "sso", sessionGeneration: before.sessionGeneration + 1, role: "operator" });
    expect(disabled.disabledAt).not.toBeNull();
    expect(disabled.teams).toEqual([]);
    expect(await sessionWorks(disabled, before.sessionGeneration)).toBe(false);
    expect(await authenticateToken(testDb(), secret)).toBeNull();
    const events = await audit(before.id);
    expect(events.find((e) => e.action === "user.disabled")).toMatchObject({
      actorLabel: `single sign-on (${PROVIDER})`,
      reason: expect.stringContaining(`group sync at sign-in via ${PROVIDER}: no group maps to a role any more (groups: everyone)`),
    });
    expect(events.at(-1)).toMatchObject({ action: "auth.sign_in_failed", reason: "no group maps to a role (groups: everyone)" });

    // still no group: still refused, nothing more to disable
    expect((await ssoSignIn(ops)).result).toBe(`${PUBLIC_URL}/no-access?reason=no-role`);
    expect((await rollgateUser(ops.email))!.sessionGeneration).toBe(disabled.sessionGeneration);

    idp.setGroups(ops.login, ["ml-leads"]);
    const back = await ssoSignIn(ops);
    expect(back.result).toBe(true);
    const enabled = (await rollgateUser(ops.email))!;
    expect(enabled).toMatchObject({ disabledAt: null, disabledBy: null, role: "approver" });
    expect(back.user.gen).toBe(enabled.sessionGeneration);
    const after = await audit(before.id);
    expect(after.find((e) => e.action === "user.enabled")).toMatchObject({
      reason: expect.stringContaining(`group sync at sign-in via ${PROVIDER}: ml-leads → approver`),
    });
    // tokens come back with the account: they were stopped, not revoked
    expect(await authenticateToken(testDb(), secret)).not.toBeNull();
  });

  it("refuses an account an admin disabled, whatever the groups, and leaves it disabled", async () => {
    const ada = person(["ml-admins"]);
    await ssoSignIn(ada);
    const row = (await rollgateUser(ada.email))!;
    const admin = await createUser("admin");
    await setDisabled(testDb(), { type: "user", id: admin.id, label: admin.email, role: "admin" }, { userId: row.id, disabled: true });
    expect((await rollgateUser(ada.email))!.disabledBy).toBe(admin.id);

    const { result } = await ssoSignIn(ada);
    expect(result).toBe(`${PUBLIC_URL}/no-access?reason=disabled`);
    const still = (await rollgateUser(ada.email))!;
    expect(still.disabledAt).not.toBeNull();
    expect(still.disabledBy).toBe(admin.id);
    expect((await audit(row.id)).at(-1)).toMatchObject({ action: "auth.sign_in_failed", reason: "account disabled" });
  });
});

describe("an existing account with the same email", () => {
  it("is linked when the provider does not say the email is unverified, and then follows the groups", async () => {
    for (const emailVerified of [true, undefined]) {
      const existing = await createUser("viewer");
      const lee = person(["ml-leads"], { email: existing.email, ...(emailVerified === undefined ? {} : { emailVerified }) });
      const { result, user } = await ssoSignIn(lee);
      expect(result).toBe(true);
      expect(user.id).toBe(existing.id);
      const row = (await rollgateUser(existing.email))!;
      expect(row).toMatchObject({ role: "approver", authSource: "oidc" });
      // the password still works while password sign-in is on
      expect(row.passwordHash).toBe(existing.passwordHash);
      expect(row.accounts.map((a) => a.providerAccountId)).toEqual([idp.user(lee.login).sub]);
      const events = await audit(existing.id);
      expect(events.map((e) => e.action)).toEqual(["user.sso_linked", "user.role_changed", "auth.signed_in"]);
      expect(events[0]).toMatchObject({ reason: `first sign-in via ${PROVIDER} with the same, verified email address` });
    }
  });

  it("is not linked when the provider says the email is not verified", async () => {
    const existing = await createUser("admin");
    const impostor = person(["ml-admins"], { email: existing.email, emailVerified: false });
    const { result } = await ssoSignIn(impostor);
    expect(result).toBe(`${PUBLIC_URL}/no-access?reason=unverified-email`);
    const row = (await rollgateUser(existing.email))!;
    expect(row).toMatchObject({ authSource: "password", accounts: [], disabledAt: null });
    expect((await audit(existing.id)).at(-1)).toMatchObject({
      action: "auth.sign_in_failed",
      reason: `${PROVIDER} says ${existing.email} is not verified; the existing account was not linked`,
    });
  });

  it("is not linked to a second identity at the provider", async () => {
    const first = person(["staff"]);
    await ssoSignIn(first);
    const second = person(["ml-admins"], { email: first.email });
    expect((await ssoSignIn(second)).result).toBe(`${PUBLIC_URL}/no-access?reason=linked-elsewhere`);
    expect((await rollgateUser(first.email))!.role).toBe("viewer");
  });

  it("is neither linked nor disabled by a sign-in whose groups grant no role", async () => {
    const existing = await createUser("operator");
    const nobody = person(["everyone"], { email: existing.email, emailVerified: true });
    expect((await ssoSignIn(nobody)).result).toBe(`${PUBLIC_URL}/no-access?reason=no-role`);
    expect(await rollgateUser(existing.email)).toMatchObject({ accounts: [], disabledAt: null, role: "operator", authSource: "password" });
  });

  it("is found by the subject, not the email, once linked", async () => {
    const lee = person(["ml-leads"]);
    const { user } = await ssoSignIn(lee);
    const newEmail = `${uniqueId("renamed")}@acme.test`.toLowerCase();
    idp.setUser({ ...idp.user(lee.login), email: newEmail });
    const again = await ssoSignIn(lee);
    expect(again.user.id).toBe(user.id);
  });
});

describe("what the provider sends", () => {
  it("an ID token with a wrong issuer, a bad signature or a wrong audience is refused by the verification next-auth runs", async () => {
    const lee = person(["ml-leads"]);
    const reasons: Record<string, RegExp> = {
      "wrong-issuer": /unexpected iss value/,
      "bad-signature": /failed to validate JWT signature/,
      "wrong-audience": /aud mismatch/,
    };
    for (const tamper of TAMPERS) {
      idp.setTamper(lee.login, tamper);
      await expect(signInAtIdp(idp.issuer, RP, lee.login, lee.password), tamper).rejects.toThrow(reasons[tamper]!);
    }
    idp.setTamper(lee.login, null);
    expect((await ssoSignIn(lee)).result).toBe(true);
  });

  it("an issuer other than ROLLGATE_OIDC_ISSUER (a swapped discovery document) is refused before any account is touched", async () => {
    const lee = person(["ml-leads"]);
    const claims = await signInAtIdp(idp.issuer, RP, lee.login, lee.password);
    const other = buildAuthOptions({
      login: env().login,
      oidc: { ...oidc, issuer: "https://login.acme.example" },
      passwordSignIn: true,
      publicUrl: PUBLIC_URL,
    });
    const result = await other.callbacks!.signIn!({ user: { id: claims.sub }, account: { provider: "oidc" }, profile: claims } as never);
    expect(result).toBe(`${PUBLIC_URL}/sign-in?error=OAuthCallback`);
    expect(await rollgateUser(lee.email)).toBeNull();
  });

  it("no email: refused with its own reason", async () => {
    const nameless = person(["ml-admins"], { email: "" });
    expect((await ssoSignIn(nameless)).result).toBe(`${PUBLIC_URL}/no-access?reason=no-email`);
  });
});

describe("the sign-in methods", () => {
  it("password sign-in off removes the credentials provider; the identity provider stays", () => {
    const ids = (passwordSignIn: boolean) =>
      buildAuthOptions({ login: env().login, oidc, passwordSignIn, publicUrl: PUBLIC_URL }).providers.map((p) => p.id);
    expect(ids(true)).toEqual(["credentials", "oidc"]);
    expect(ids(false)).toEqual(["oidc"]);
    expect(
      buildAuthOptions({ login: env().login, oidc: null, passwordSignIn: true, publicUrl: PUBLIC_URL }).providers.map((p) => p.id),
    ).toEqual(["credentials"]);
  });

  it("a password sign-in is audited with its provider", async () => {
    const user = await createUser("viewer");
    const result = await signInWithPassword(testDb(), { email: user.email, password: TEST_PASSWORD, address: "10.9.8.7" }, env().login);
    expect(result.ok).toBe(true);
    expect((await audit(user.id)).at(-1)).toMatchObject({
      action: "auth.signed_in",
      actorId: user.id,
      after: { provider: "password", address: "10.9.8.7" },
    });
  });
});
