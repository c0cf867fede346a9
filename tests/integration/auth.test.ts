// Sign-in, first-run setup, users and roles, API tokens: the services against a real
// database, and every server action behind its permission.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient, User } from "../../generated/prisma/client";
import type { Role } from "../../generated/prisma/enums";
import {
  changeRoleAction,
  createTokenAction,
  createUserAction,
  resetPasswordAction,
  revokeTokenAction,
  setUserDisabledAction,
} from "../../lib/auth/actions";
import { systemActor, type Actor } from "../../lib/auth/actor";
import { authOptions } from "../../lib/auth/options";
import { setupFirstAdminAction } from "../../lib/auth/setup-action";
import { getSessionUser } from "../../lib/auth/session";
import { signInWithPassword } from "../../lib/auth/sign-in";
import { authenticateToken, hashToken } from "../../lib/auth/tokens";
import { createToken, listTokens, revokeToken } from "../../lib/auth/tokens-service";
import { changeRole, createFirstAdmin, createUser as createUserService, resetPassword, setDisabled } from "../../lib/auth/users-service";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { ConflictError, NotFoundError, ValidationError } from "../../lib/errors";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser, TEST_PASSWORD, uniqueId } from "./support/factories";
import { RedirectError } from "./support/navigation";
import { ADMIN_URL, withDatabase } from "./support/pg";
import { setRequestHeaders, signInAs } from "./support/session";

const NEW_PASSWORD = "a-brand-new-password-7";

const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });
const uniqueEmail = (prefix = "auth") => `${uniqueId(prefix)}@rollgate.test`.toLowerCase();
// every throttle test signs in from an address of its own: the per-address counter is shared
const uniqueAddress = () => `10.${[...randomBytes(3)].join(".")}`;

async function auditFor(subjectId: string) {
  return testDb().auditEvent.findMany({ where: { subjectId }, orderBy: { seq: "asc" } });
}

/**
 * A database of its own, empty of users: first-run setup and "the last admin" depend on
 * every user in the database, which the shared suite database cannot promise.
 */
async function openEmptyDatabase(): Promise<{ db: PrismaClient; close(): Promise<void> }> {
  const target = testDatabase().target;
  if (target.kind !== "postgres") {
    const database = await openDatabase({ kind: "pglite-memory" }, { purpose: "auth test (empty database)" });
    await applyMigrations(database.adapterFactory);
    return { db: database.prisma, close: () => database.close() };
  }
  // named like the suite's databases, so a run that is killed leaves nothing a later run keeps
  const name = `rollgate_it_${Date.now()}_auth_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  let database: Database | undefined;
  try {
    database = await openDatabase({ kind: "postgres", url: withDatabase(ADMIN_URL, name) }, { purpose: "auth test (empty database)" });
    await applyMigrations(database.adapterFactory);
  } catch (e) {
    await database?.close();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    throw e;
  }
  const opened = database;
  return {
    db: opened.prisma,
    async close() {
      await opened.close();
      // the schema engine releases its connections after applyMigrations returns; a forced
      // drop while one is still closing surfaces as an uncaught error in this worker
      for (let i = 0; i < 50; i++) {
        const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
        if (!rows[0]?.n) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

describe("first-run setup and the last admin (empty database)", () => {
  let empty: { db: PrismaClient; close(): Promise<void> };
  beforeAll(async () => {
    empty = await openEmptyDatabase();
  });
  afterAll(async () => {
    await empty?.close();
  });

  it("creates exactly one admin when ten setups race", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        createFirstAdmin(empty.db, { name: `Admin ${i}`, email: `admin${i}@rollgate.test`, password: TEST_PASSWORD }),
      ),
    );
    const created = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ConflictError);
      expect((r.reason as Error).message).toMatch(/already has an admin account/);
    }
    const users = await empty.db.user.findMany();
    expect(users).toHaveLength(1);
    expect(users[0]?.role).toBe("admin");

    const events = await empty.db.auditEvent.findMany({ where: { action: "user.created" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorType: "system", actorLabel: "setup", subjectId: users[0]?.id });
    expect(JSON.stringify(events[0]?.after)).not.toContain("argon2");
  });

  it("refuses setup once a user exists", async () => {
    await expect(createFirstAdmin(empty.db, { name: "Late", email: "late@rollgate.test", password: TEST_PASSWORD })).rejects.toBeInstanceOf(
      ConflictError,
    );
  });

  it("keeps at least one active admin", async () => {
    const first = await empty.db.user.findFirstOrThrow({ where: { role: "admin" } });
    const other = systemActor("test");

    await expect(changeRole(empty.db, other, { userId: first.id, role: "viewer" })).rejects.toThrow(/last active admin/);
    await expect(setDisabled(empty.db, other, { userId: first.id, disabled: true })).rejects.toThrow(/last active admin/);
    await expect(changeRole(empty.db, asActor(first), { userId: first.id, role: "viewer" })).rejects.toThrow(/your own role/);
    await expect(setDisabled(empty.db, asActor(first), { userId: first.id, disabled: true })).rejects.toThrow(/your own account/);

    // a disabled admin does not count
    const dormant = await createUserService(empty.db, asActor(first), {
      name: "Dormant",
      email: "dormant@rollgate.test",
      role: "admin",
      password: TEST_PASSWORD,
    });
    await setDisabled(empty.db, asActor(first), { userId: dormant.id, disabled: true });
    await expect(changeRole(empty.db, other, { userId: first.id, role: "operator" })).rejects.toThrow(/last active admin/);
    expect((await empty.db.user.findUniqueOrThrow({ where: { id: first.id } })).role).toBe("admin");

    // with a second active admin, either can be demoted, but not both at once
    const second = await createUserService(empty.db, asActor(first), {
      name: "Second",
      email: "second@rollgate.test",
      role: "admin",
      password: TEST_PASSWORD,
    });
    const secondUser = await empty.db.user.findUniqueOrThrow({ where: { id: second.id } });
    const firstUser = await empty.db.user.findUniqueOrThrow({ where: { id: first.id } });
    const race = await Promise.allSettled([
      changeRole(empty.db, asActor(firstUser), { userId: second.id, role: "viewer" }),
      changeRole(empty.db, asActor(secondUser), { userId: first.id, role: "viewer" }),
    ]);
    expect(race.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(race.find((r) => r.status === "rejected")?.reason).toBeInstanceOf(ConflictError);
    expect(await empty.db.user.count({ where: { role: "admin", disabledAt: null } })).toBe(1);
  });
});

describe("setup when users exist (suite database)", () => {
  it("the setup action refuses and creates nothing", async () => {
    await createUser("admin");
    const email = uniqueEmail("setup");
    const result = await setupFirstAdminAction({ name: "Intruder", email, password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
    expect(result).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await testDb().user.findUnique({ where: { email } })).toBeNull();
  });

  it("the setup action reports every bad field", async () => {
    const result = await setupFirstAdminAction({ name: "", email: "nope", password: "short", confirmPassword: "other" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("schema_error");
      expect(result.error.issues?.map((i) => i.path).sort()).toEqual(["confirmPassword", "email", "name", "password"]);
    }
  });

  it("the setup page sends visitors to sign in", async () => {
    await createUser("viewer");
    const { default: SetupPage } = await import("../../app/(auth)/setup/page");
    await expect(SetupPage()).rejects.toMatchObject({ url: "/sign-in" });
  });
});

describe("sign-in throttle", () => {
  const limits = { maxFailures: 3, maxFailuresPerAddress: 4, lockMinutes: 15 };

  it("locks an account after repeated failures, with a message, and audits each failure", async () => {
    const user = await createUser("viewer");
    const address = uniqueAddress();
    const attempt = (password: string) => signInWithPassword(testDb(), { email: user.email, password, address }, limits);

    expect(await attempt("wrong-1")).toEqual({ ok: false, message: "That email and password do not match an account." });
    expect(await attempt("wrong-2")).toMatchObject({ ok: false });
    expect(await attempt("wrong-3")).toEqual({
      ok: false,
      message: "Too many failed sign-in attempts for this account. Try again in 15 minutes.",
    });
    // the right password does not get through a lock
    expect(await attempt(TEST_PASSWORD)).toEqual({
      ok: false,
      message: "Too many failed sign-in attempts for this account. Try again in 15 minutes.",
    });

    const events = (await auditFor(user.id)).filter((e) => e.action === "auth.sign_in_failed");
    expect(events.map((e) => e.reason)).toEqual(["wrong password", "wrong password", "wrong password"]);
    expect(events[0]?.after).toEqual({ address, reason: "wrong password" });
    const locked = await testDb().auditEvent.findMany({ where: { action: "auth.sign_in_failed", subjectId: user.email } });
    expect(locked.map((e) => (e.after as { reason: string }).reason)).toEqual(["locked"]);
  });

  it("limits failures per address across accounts", async () => {
    const address = uniqueAddress();
    const results = [];
    for (let i = 0; i < limits.maxFailuresPerAddress; i++) {
      results.push(await signInWithPassword(testDb(), { email: uniqueEmail("spray"), password: "guess", address }, limits));
    }
    expect(results.at(-1)).toEqual({
      ok: false,
      message: "Too many failed sign-in attempts for your network address. Try again in 15 minutes.",
    });
    const user = await createUser("viewer");
    expect(await signInWithPassword(testDb(), { email: user.email, password: TEST_PASSWORD, address }, limits)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/your network address/),
    });
    expect(
      await signInWithPassword(testDb(), { email: user.email, password: TEST_PASSWORD, address: uniqueAddress() }, limits),
    ).toMatchObject({ ok: true, user: { id: user.id } });
  });

  it("a success resets the account's count (not the address's) and records the sign-in time", async () => {
    const user = await createUser("operator");
    const address = uniqueAddress();
    const attempt = (password: string) =>
      signInWithPassword(testDb(), { email: user.email.toUpperCase(), password, address }, { ...limits, maxFailuresPerAddress: 100 });
    await attempt("wrong-1");
    await attempt("wrong-2");
    expect(await attempt(TEST_PASSWORD)).toMatchObject({ ok: true });
    await attempt("wrong-3");
    expect(await attempt("wrong-4")).toEqual({ ok: false, message: "That email and password do not match an account." });
    expect((await testDb().user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).toBeInstanceOf(Date);
  });

  it("refuses a disabled account with the same answer as a wrong password (it must not confirm the password)", async () => {
    const user = await createUser("viewer", { disabledAt: new Date() });
    expect(await signInWithPassword(testDb(), { email: user.email, password: TEST_PASSWORD, address: uniqueAddress() }, limits)).toEqual({
      ok: false,
      message: "That email and password do not match an account.",
    });
  });

  it("next-auth's authorize throws the message for the form, keyed on the client address header", async () => {
    const provider = authOptions().providers[0] as unknown as {
      options: { authorize(c: Record<string, string>, req: { headers: Record<string, string> }): Promise<unknown> };
    };
    const user = await createUser("viewer");
    const req = { headers: { "x-rollgate-client-ip": uniqueAddress() } };
    await expect(provider.options.authorize({ email: user.email, password: TEST_PASSWORD }, req)).resolves.toMatchObject({ id: user.id });
    await expect(provider.options.authorize({ email: user.email, password: "wrong" }, req)).rejects.toThrow(
      "That email and password do not match an account.",
    );
  });
});

type ActionCase = {
  name: string;
  run: () => Promise<{ ok: boolean; error?: { code: string } }>;
  /** what an admin's call must have done */
  check: () => Promise<void>;
  /** what a refused call must not have done */
  untouched: () => Promise<void>;
};

describe("server actions: role checks", () => {
  async function cases(): Promise<ActionCase[]> {
    const target = await createUser("viewer");
    const token = await createApiToken(["routes:read"]);
    const email = uniqueEmail("new-user");
    const tokenName = uniqueId("action-token");
    const row = () => testDb().user.findUniqueOrThrow({ where: { id: target.id } });
    return [
      {
        name: "createUserAction",
        run: () => createUserAction({ name: "New Person", email, role: "operator", password: TEST_PASSWORD }),
        check: async () => expect((await testDb().user.findUniqueOrThrow({ where: { email } })).role).toBe("operator"),
        untouched: async () => expect(await testDb().user.findUnique({ where: { email } })).toBeNull(),
      },
      {
        name: "changeRoleAction",
        run: () => changeRoleAction({ userId: target.id, role: "approver" }),
        check: async () => expect((await row()).role).toBe("approver"),
        untouched: async () => expect((await row()).role).toBe("viewer"),
      },
      {
        name: "setUserDisabledAction",
        run: () => setUserDisabledAction({ userId: target.id, disabled: true }),
        check: async () => expect((await row()).disabledAt).toBeInstanceOf(Date),
        untouched: async () => expect((await row()).disabledAt).toBeNull(),
      },
      {
        name: "resetPasswordAction",
        run: () => resetPasswordAction({ userId: target.id, password: NEW_PASSWORD }),
        check: async () => expect((await row()).passwordHash).not.toBe(target.passwordHash),
        untouched: async () => expect((await row()).passwordHash).toBe(target.passwordHash),
      },
      {
        name: "createTokenAction",
        run: () => createTokenAction({ name: tokenName, scopes: ["registry:write"] }),
        check: async () => expect(await testDb().apiToken.count({ where: { name: tokenName } })).toBe(1),
        untouched: async () => expect(await testDb().apiToken.count({ where: { name: tokenName } })).toBe(0),
      },
      {
        name: "revokeTokenAction",
        run: () => revokeTokenAction({ id: token.id }),
        check: async () => expect(await authenticateToken(testDb(), token.secret)).toBeNull(),
        untouched: async () => expect(await authenticateToken(testDb(), token.secret)).not.toBeNull(),
      },
    ];
  }

  const ACTIONS = [
    "createUserAction",
    "changeRoleAction",
    "setUserDisabledAction",
    "resetPasswordAction",
    "createTokenAction",
    "revokeTokenAction",
  ];

  describe.each(ACTIONS)("%s", (actionName) => {
    const pick = async () => (await cases()).find((c) => c.name === actionName)!;

    it.each<Role>(["viewer", "operator", "approver"])("refuses a %s and changes nothing", async (role) => {
      const c = await pick();
      signInAs(await createUser(role));
      const result = await c.run();
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
      await c.untouched();
    });

    it("refuses a signed-out caller", async () => {
      const c = await pick();
      signInAs(null);
      expect(await c.run()).toMatchObject({ ok: false, error: { code: "unauthorized" } });
      await c.untouched();
    });

    it("lets an admin do it, audited under their name", async () => {
      const c = await pick();
      const admin = await createUser("admin");
      signInAs(admin);
      const result = await c.run();
      expect(result).toMatchObject({ ok: true });
      await c.check();
      expect(await testDb().auditEvent.count({ where: { actorId: admin.id } })).toBe(1);
    });
  });

  it("reports field errors from the schema", async () => {
    signInAs(await createUser("admin"));
    const result = await createUserAction({ name: "", email: "bad", role: "viewer", password: "short" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.map((i) => i.path).sort()).toEqual(["email", "name", "password"]);
  });

  it("an admin cannot demote or disable themselves through the actions", async () => {
    const admin = await createUser("admin");
    signInAs(admin);
    expect(await changeRoleAction({ userId: admin.id, role: "viewer" })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringMatching(/your own role/) },
    });
    expect(await setUserDisabledAction({ userId: admin.id, disabled: true })).toMatchObject({
      ok: false,
      error: { code: "conflict", message: expect.stringMatching(/your own account/) },
    });
  });

  it("setup requires no session, but settings do: a disabled admin's session is no longer valid", async () => {
    const admin = await createUser("admin", { disabledAt: new Date() });
    signInAs(admin);
    expect(await getSessionUser()).toBeNull();
    expect(await createTokenAction({ name: "x", scopes: ["audit:read"] })).toMatchObject({ ok: false, error: { code: "unauthorized" } });
  });
});

describe("users service", () => {
  it("refuses a duplicate email, whatever its case, with a clear message", async () => {
    const admin = await createUser("admin");
    const email = uniqueEmail("dup");
    await createUserService(testDb(), asActor(admin), { name: "One", email, password: TEST_PASSWORD });
    const again = createUserService(testDb(), asActor(admin), { name: "Two", email: email.toUpperCase(), password: TEST_PASSWORD });
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    await expect(again).rejects.toThrow(`A user with the email ${email} already exists.`);
  });

  it("audits role changes and disabling with before and after, never the password hash", async () => {
    const admin = await createUser("admin");
    const user = await createUser("viewer");
    await changeRole(testDb(), asActor(admin), { userId: user.id, role: "operator" });
    await setDisabled(testDb(), asActor(admin), { userId: user.id, disabled: true });
    await setDisabled(testDb(), asActor(admin), { userId: user.id, disabled: false });
    await resetPassword(testDb(), asActor(admin), { userId: user.id, password: NEW_PASSWORD });
    const events = await auditFor(user.id);
    expect(events.map((e) => e.action)).toEqual(["user.role_changed", "user.disabled", "user.enabled", "user.password_reset"]);
    expect(events[0]).toMatchObject({
      actorId: admin.id,
      before: { email: user.email, name: user.name, role: "viewer", disabled: false },
      after: { email: user.email, name: user.name, role: "operator", disabled: false },
    });
    expect(events[1]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
    for (const e of events) expect(JSON.stringify([e.before, e.after])).not.toMatch(/argon2|passwordHash/);
  });

  it("setting the role a user already has changes and audits nothing", async () => {
    const admin = await createUser("admin");
    const user = await createUser("approver");
    await changeRole(testDb(), asActor(admin), { userId: user.id, role: "approver" });
    expect(await auditFor(user.id)).toHaveLength(0);
  });

  it("says when there is nothing to change or nobody to change", async () => {
    const admin = await createUser("admin");
    const user = await createUser("viewer", { disabledAt: new Date() });
    await expect(setDisabled(testDb(), asActor(admin), { userId: user.id, disabled: true })).rejects.toThrow(/already disabled/);
    await expect(changeRole(testDb(), asActor(admin), { userId: "no-such-user", role: "viewer" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeRole(testDb(), asActor(admin), { userId: user.id, role: "owner" as Role })).rejects.toBeInstanceOf(ValidationError);
  });

  it("a reset password works at once and lifts a lock", async () => {
    const admin = await createUser("admin");
    const user = await createUser("viewer");
    const limits = { maxFailures: 2, maxFailuresPerAddress: 100, lockMinutes: 15 };
    const address = uniqueAddress();
    await signInWithPassword(testDb(), { email: user.email, password: "wrong", address }, limits);
    expect(await signInWithPassword(testDb(), { email: user.email, password: "wrong", address }, limits)).toMatchObject({
      message: expect.stringMatching(/Too many failed/),
    });
    await resetPassword(testDb(), asActor(admin), { userId: user.id, password: NEW_PASSWORD });
    expect(await signInWithPassword(testDb(), { email: user.email, password: NEW_PASSWORD, address }, limits)).toMatchObject({ ok: true });
    expect(
      await signInWithPassword(testDb(), { email: user.email, password: TEST_PASSWORD, address: uniqueAddress() }, limits),
    ).toMatchObject({
      ok: false,
    });
  });
});

describe("API tokens", () => {
  it("stores only the hash and shows the secret once", async () => {
    const admin = await createUser("admin");
    const name = uniqueId("ci");
    const { secret, token } = await createToken(testDb(), asActor(admin), {
      name,
      scopes: ["routes:read", "registry:write"],
      expiresInDays: 30,
    });

    expect(secret).toMatch(/^rg_[\w-]{43}$/);
    const row = await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(hashToken(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(secret.startsWith(row.prefix)).toBe(true);
    expect(row).toMatchObject({ name, scopes: ["registry:write", "routes:read"], createdById: admin.id });
    expect(row.expiresAt!.getTime() - row.createdAt.getTime()).toBe(30 * 86_400_000);

    const listed = (await listTokens(testDb())).find((t) => t.id === token.id);
    expect(listed).toMatchObject({ status: "active", createdBy: { id: admin.id } });
    expect(Object.keys(listed!)).not.toContain("tokenHash");

    const [event] = await auditFor(token.id);
    expect(event).toMatchObject({ action: "token.created", actorId: admin.id, after: { name, prefix: row.prefix } });
    const recorded = JSON.stringify([event?.before, event?.after, event?.reason]);
    expect(recorded).not.toContain(secret);
    expect(recorded).not.toContain(row.tokenHash);

    expect(await authenticateToken(testDb(), secret)).toMatchObject({
      type: "token",
      id: token.id,
      scopes: ["registry:write", "routes:read"],
    });
  });

  it("revoking makes the token fail at once; a second revoke is a conflict", async () => {
    const admin = await createUser("admin");
    const { secret, token } = await createToken(testDb(), asActor(admin), { name: uniqueId("svc"), scopes: ["telemetry:write"] });
    const revoked = await revokeToken(testDb(), asActor(admin), { id: token.id });
    expect(revoked).toMatchObject({ status: "revoked", revokedBy: admin.email });
    expect(await authenticateToken(testDb(), secret)).toBeNull();

    await expect(revokeToken(testDb(), asActor(admin), { id: token.id })).rejects.toThrow(/already revoked by/);
    await expect(revokeToken(testDb(), asActor(admin), { id: token.id })).rejects.toBeInstanceOf(ConflictError);
    await expect(revokeToken(testDb(), asActor(admin), { id: "no-such-token" })).rejects.toBeInstanceOf(NotFoundError);

    const events = await auditFor(token.id);
    expect(events.map((e) => e.action)).toEqual(["token.created", "token.revoked"]);
    expect(events[1]).toMatchObject({ before: { revokedAt: null } });
  });

  it("a script can create tokens as a system actor", async () => {
    const { token } = await createToken(testDb(), systemActor("cli"), { name: uniqueId("cli"), scopes: "audit:read" });
    expect(token.createdBy).toBeNull();
    const [event] = await auditFor(token.id);
    expect(event).toMatchObject({ actorType: "system", actorLabel: "cli" });
  });

  it("refuses a token without scopes or with an unknown one", async () => {
    const admin = await createUser("admin");
    await expect(createToken(testDb(), asActor(admin), { name: "x", scopes: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(createToken(testDb(), asActor(admin), { name: "x", scopes: ["root" as never] })).rejects.toThrow(/valid scopes are/);
  });
});

describe("pages", () => {
  it("settings send a viewer to /forbidden with the permission they lack", async () => {
    signInAs(await createUser("viewer"));
    const { default: SettingsLayout } = await import("../../app/(dashboard)/settings/layout");
    await expect(SettingsLayout({ children: null })).rejects.toMatchObject({ url: "/forbidden?need=settings%3Aread" });
    const { default: UsersPage } = await import("../../app/(dashboard)/settings/users/page");
    await expect(UsersPage()).rejects.toBeInstanceOf(RedirectError);
  });

  it("sign-in sends a signed-in user on to a safe callback", async () => {
    setRequestHeaders({});
    signInAs(await createUser("viewer"));
    const { default: SignInPage } = await import("../../app/(auth)/sign-in/page");
    await expect(SignInPage({ searchParams: Promise.resolve({ callbackUrl: "/audit" }) })).rejects.toMatchObject({ url: "/audit" });
    await expect(SignInPage({ searchParams: Promise.resolve({ callbackUrl: "https://evil.example/" }) })).rejects.toMatchObject({
      url: "/",
    });
  });
});
