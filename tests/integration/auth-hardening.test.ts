// Sign-in under concurrency, what a failed sign-in leaves in the audit trail, sessions that end
// when they should, API tokens bound to their creator, and cross-site writes with a session.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { User } from "../../generated/prisma/client";
import { POST as evaluateRelease } from "../../app/api/v1/models/[model]/release/evaluate/route";
import { GET as listAudit } from "../../app/api/v1/audit/route";
import { setUserDisabledAction, signOutEverywhereAction } from "../../lib/auth/actions";
import type { Actor } from "../../lib/auth/actor";
import { authOptions } from "../../lib/auth/options";
import { getSessionUser } from "../../lib/auth/session";
import { signInWithPassword, SIGN_IN_FAILED } from "../../lib/auth/sign-in";
import { accountKey, addressKey, type ThrottleLimits } from "../../lib/auth/throttle";
import { authenticateToken } from "../../lib/auth/tokens";
import { createToken } from "../../lib/auth/tokens-service";
import { changeRole, resetPassword, setDisabled } from "../../lib/auth/users-service";
import { testDb } from "./support/db";
import { createApiToken, createUser, TEST_PASSWORD, uniqueId, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";
import { RedirectError } from "./support/navigation";
import { currentGeneration, setRequestHeaders, signInAs } from "./support/session";

const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });
// the per-address counter is shared, so every test signs in from an address of its own
const uniqueAddress = () => `10.${[...randomBytes(3)].join(".")}`;
const LOCKED = /^Too many failed sign-in attempts/;

async function failedEvents(where: { subjectId?: string; address?: string; reason?: string }) {
  const events = await testDb().auditEvent.findMany({
    where: {
      action: "auth.sign_in_failed",
      ...(where.subjectId ? { subjectId: where.subjectId } : {}),
      ...(where.address ? { after: { path: ["address"], equals: where.address } } : {}),
    },
    orderBy: { seq: "asc" },
  });
  return where.reason ? events.filter((e) => (e.after as { reason?: string } | null)?.reason === where.reason) : events;
}

/** Runs the tasks with at most `width` of them at once, like a client with a connection pool. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

describe("sign-in throttle under concurrency", () => {
  it("45 parallel wrong passwords on one account: exactly maxFailures are checked, and the account is locked", async () => {
    const limits: ThrottleLimits = { maxFailures: 5, maxFailuresPerAddress: 1000, lockMinutes: 15 };
    const user = await createUser("viewer");
    const address = uniqueAddress();
    const results = await Promise.all(
      Array.from({ length: 45 }, (_, i) => signInWithPassword(testDb(), { email: user.email, password: `wrong-${i}`, address }, limits)),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    // only checked passwords are audited as "wrong password": no more than the limit
    expect(await failedEvents({ subjectId: user.id, reason: "wrong password" })).toHaveLength(5);
    const row = await testDb().loginThrottle.findUniqueOrThrow({ where: { key: accountKey(user.email) } });
    expect(row.failures).toBe(5);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    // the other 40 were refused with the lock message, without a password check
    expect(results.filter((r) => !r.ok && LOCKED.test(r.message)).length).toBeGreaterThanOrEqual(40);
    // the right password does not get through now
    expect(await signInWithPassword(testDb(), { email: user.email, password: TEST_PASSWORD, address }, limits)).toMatchObject({
      ok: false,
      message: expect.stringMatching(LOCKED),
    });
  });

  it("25 parallel attempts with the right password among them: the burst is bounded, not all 25 are checked", async () => {
    const limits: ThrottleLimits = { maxFailures: 5, maxFailuresPerAddress: 1000, lockMinutes: 15 };
    const user = await createUser("viewer");
    const address = uniqueAddress();
    const passwords = Array.from({ length: 25 }, (_, i) => (i === 12 ? TEST_PASSWORD : `wrong-${i}`));
    const results = await Promise.all(
      passwords.map((password) => signInWithPassword(testDb(), { email: user.email, password, address }, limits)),
    );
    const wrongChecked = (await failedEvents({ subjectId: user.id, reason: "wrong password" })).length;
    const succeeded = results.filter((r) => r.ok).length;
    // A success forgets the failures counted before it, never those reserved after it, so at
    // most maxFailures - 1 wrong passwords come before it and maxFailures after it.
    expect(wrongChecked + succeeded).toBeLessThanOrEqual(2 * limits.maxFailures);
    if (!succeeded) expect(wrongChecked).toBe(limits.maxFailures);
    // the rest were refused with the lock message without a check (as was the failure that reached the limit)
    const refused = results.filter((r) => !r.ok && LOCKED.test(r.message)).length;
    expect(refused).toBeGreaterThanOrEqual(25 - wrongChecked - succeeded);
    expect(refused).toBeGreaterThanOrEqual(25 - 2 * limits.maxFailures);
  });

  it("a spray of 120 accounts × 1 password at concurrency 10 locks the address at its limit", async () => {
    const limits: ThrottleLimits = { maxFailures: 5, maxFailuresPerAddress: 20, lockMinutes: 15 };
    const address = uniqueAddress();
    const prefix = uniqueId("spray").toLowerCase();
    const results = await pool(
      Array.from(
        { length: 120 },
        (_, i) => () => signInWithPassword(testDb(), { email: `${prefix}-${i}@rollgate.test`, password: "Spring2026!", address }, limits),
      ),
      10,
    );
    // exactly the per-address limit of passwords was checked; everything after was refused
    expect(await failedEvents({ address, reason: "unknown account" })).toHaveLength(20);
    const row = await testDb().loginThrottle.findUniqueOrThrow({ where: { key: addressKey(address) } });
    expect(row.failures).toBe(20);
    expect(row.lockedUntil).not.toBeNull();
    expect(results.filter((r) => !r.ok && /your network address/.test(r.message))).toHaveLength(100 + 1);
    // a real account from the same address is refused too, from another address it works
    const user = await createUser("viewer");
    expect(await signInWithPassword(testDb(), { email: user.email, password: TEST_PASSWORD, address }, limits)).toMatchObject({
      ok: false,
    });
    expect(
      await signInWithPassword(testDb(), { email: user.email, password: TEST_PASSWORD, address: uniqueAddress() }, limits),
    ).toMatchObject({
      ok: true,
    });
  });

  it("a success gives its address slot back and clears the account's earlier failures", async () => {
    const limits: ThrottleLimits = { maxFailures: 3, maxFailuresPerAddress: 3, lockMinutes: 15 };
    const user = await createUser("viewer");
    const address = uniqueAddress();
    const attempt = (password: string) => signInWithPassword(testDb(), { email: user.email, password, address }, limits);
    expect(await attempt("wrong-1")).toMatchObject({ ok: false, message: SIGN_IN_FAILED });
    expect(await attempt(TEST_PASSWORD)).toMatchObject({ ok: true });
    expect(await attempt(TEST_PASSWORD)).toMatchObject({ ok: true });
    expect(await testDb().loginThrottle.findUnique({ where: { key: accountKey(user.email) } })).toMatchObject({ failures: 0 });
    expect(await testDb().loginThrottle.findUniqueOrThrow({ where: { key: addressKey(address) } })).toMatchObject({ failures: 1 });
  });
});

describe("the throttle window", () => {
  it("a lock that has run out, in a window that has passed, starts the count again at 1", async () => {
    const limits: ThrottleLimits = { maxFailures: 3, maxFailuresPerAddress: 1000, lockMinutes: 15 };
    const user = await createUser("viewer");
    const key = accountKey(user.email);
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
    await testDb().loginThrottle.create({ data: { key, failures: 3, windowStart: minutesAgo(20), lockedUntil: minutesAgo(5) } });
    const address = uniqueAddress();
    expect(await signInWithPassword(testDb(), { email: user.email, password: "wrong", address }, limits)).toEqual({
      ok: false,
      message: SIGN_IN_FAILED,
    });
    const row = await testDb().loginThrottle.findUniqueOrThrow({ where: { key } });
    expect(row).toMatchObject({ failures: 1, lockedUntil: null });
    expect(row.windowStart.getTime()).toBeGreaterThan(minutesAgo(1).getTime());
  });

  it("a lock still running holds even when its window opened long ago", async () => {
    const limits: ThrottleLimits = { maxFailures: 3, maxFailuresPerAddress: 1000, lockMinutes: 15 };
    const user = await createUser("viewer");
    const key = accountKey(user.email);
    await testDb().loginThrottle.create({
      data: { key, failures: 3, windowStart: new Date(Date.now() - 20 * 60_000), lockedUntil: new Date(Date.now() + 2 * 60_000) },
    });
    expect(await signInWithPassword(testDb(), { email: user.email, password: TEST_PASSWORD, address: uniqueAddress() }, limits)).toEqual({
      ok: false,
      message: "Too many failed sign-in attempts for this account. Try again in 2 minutes.",
    });
  });
});

describe("what a failed sign-in leaves behind", () => {
  const limits: ThrottleLimits = { maxFailures: 2, maxFailuresPerAddress: 1000, lockMinutes: 15 };

  it("a disabled account with the right password gets the same answer as a wrong password", async () => {
    const user = await createUser("viewer", { disabledAt: new Date() });
    const address = uniqueAddress();
    const right = await signInWithPassword(
      testDb(),
      { email: user.email, password: TEST_PASSWORD, address },
      { ...limits, maxFailures: 5 },
    );
    const wrong = await signInWithPassword(testDb(), { email: user.email, password: "wrong", address }, { ...limits, maxFailures: 5 });
    expect(right).toEqual({ ok: false, message: SIGN_IN_FAILED });
    expect(wrong).toEqual(right);
    // the audit trail still tells admins why
    expect((await failedEvents({ subjectId: user.id })).map((e) => e.reason)).toEqual(["account disabled", "account disabled"]);
  });

  it("refuses an over-long email with a field error, before touching the database", async () => {
    const prefix = uniqueId("long").toLowerCase();
    const email = `${prefix}${"a".repeat(100_000)}@rollgate.test`;
    const result = await signInWithPassword(testDb(), { email, password: "x", address: uniqueAddress() }, limits);
    expect(result).toMatchObject({ ok: false, message: "An email address has at most 254 characters.", issues: [{ path: "email" }] });
    expect(await testDb().auditEvent.count({ where: { actorLabel: { startsWith: prefix } } })).toBe(0);
    expect(await testDb().loginThrottle.count({ where: { key: { startsWith: `account:${prefix}` } } })).toBe(0);
  });

  it("a 1 MB email through next-auth gets the field message, never an internal error", async () => {
    const provider = authOptions().providers[0] as unknown as {
      options: { authorize(c: Record<string, string>, req: { headers: Record<string, string> }): Promise<unknown> };
    };
    const email = `${"b".repeat(1024 * 1024)}@rollgate.test`;
    await expect(
      provider.options.authorize({ email, password: "x" }, { headers: { "x-rollgate-client-ip": uniqueAddress() } }),
    ).rejects.toThrow(/^An email address has at most 254 characters\.$/);
  });

  it("while locked, attempts are audited at most once a minute per key, with a count", async () => {
    const user = await createUser("viewer");
    const address = uniqueAddress();
    const attempt = () => signInWithPassword(testDb(), { email: user.email, password: "wrong", address }, limits);
    await attempt();
    expect(await attempt()).toMatchObject({ message: expect.stringMatching(LOCKED) });
    const refused = await Promise.all(Array.from({ length: 20 }, attempt));
    expect(refused.every((r) => !r.ok && LOCKED.test(r.message))).toBe(true);

    const lockedEvents = () => failedEvents({ subjectId: user.email, reason: "locked" });
    expect(await lockedEvents()).toHaveLength(1);
    expect((await lockedEvents())[0]?.after).toEqual({ address, reason: "locked", refusedAttempts: 1 });

    // a minute later the next refusal is audited with the number refused meanwhile
    await testDb().loginThrottle.update({
      where: { key: accountKey(user.email) },
      data: { refusedAuditedAt: new Date(Date.now() - 61_000) },
    });
    await attempt();
    const events = await lockedEvents();
    expect(events).toHaveLength(2);
    expect(events[1]?.after).toEqual({ address, reason: "locked", refusedAttempts: 20 });
  });
});

describe("sessions end when they should", () => {
  /** A session signed in now, held on to like a copied cookie. */
  async function capturedSession(user: User) {
    const generation = await currentGeneration(user.id);
    signInAs(user, { generation });
    expect(await getSessionUser()).toMatchObject({ id: user.id });
    return generation;
  }

  it("sign-in stores the user's generation in the session", async () => {
    const user = await createUser("viewer");
    const provider = authOptions().providers[0] as unknown as {
      options: { authorize(c: Record<string, string>, req: { headers: Record<string, string> }): Promise<{ id: string; gen: number }> };
    };
    const signedIn = await provider.options.authorize(
      { email: user.email, password: TEST_PASSWORD },
      { headers: { "x-rollgate-client-ip": uniqueAddress() } },
    );
    const token = await authOptions().callbacks!.jwt!({ token: {}, user: signedIn as never, account: null } as never);
    expect(token).toMatchObject({ sub: user.id, gen: 0 });
    const session = await authOptions().callbacks!.session!({ session: { user: {}, expires: "" }, token } as never);
    expect(session.user).toMatchObject({ id: user.id, gen: 0 });
  });

  it("a session without a generation is not accepted", async () => {
    const user = await createUser("viewer");
    signInAs(user, { generation: "none" as unknown as number });
    expect(await getSessionUser()).toBeNull();
  });

  it("after sign-out, a copied session cookie no longer works", async () => {
    const user = await createUser("operator");
    const gen = await capturedSession(user);
    await authOptions().events!.signOut!({ token: { sub: user.id, gen }, session: null as never });
    expect(await getSessionUser()).toBeNull();
    // a new sign-in works
    signInAs(user);
    expect(await getSessionUser()).toMatchObject({ id: user.id });
    const [event] = await testDb().auditEvent.findMany({ where: { subjectId: user.id, action: "user.sessions_ended" } });
    expect(event).toMatchObject({ actorId: user.id, reason: "signed out" });
  });

  it("after an admin resets the password", async () => {
    const admin = await createUser("admin");
    const user = await createUser("viewer");
    await capturedSession(user);
    await resetPassword(testDb(), asActor(admin), { userId: user.id, password: "a-brand-new-password-7" });
    expect(await getSessionUser()).toBeNull();
  });

  it("after a role change", async () => {
    const admin = await createUser("admin");
    const user = await createUser("operator");
    await capturedSession(user);
    await changeRole(testDb(), asActor(admin), { userId: user.id, role: "viewer" });
    expect(await getSessionUser()).toBeNull();
  });

  it("after disabling, and enabling again does not bring the old session back", async () => {
    const admin = await createUser("admin");
    const user = await createUser("operator");
    await capturedSession(user);
    await setDisabled(testDb(), asActor(admin), { userId: user.id, disabled: true });
    expect(await getSessionUser()).toBeNull();
    await setDisabled(testDb(), asActor(admin), { userId: user.id, disabled: false });
    expect(await getSessionUser()).toBeNull();
  });

  it("'Sign out everywhere' ends every session of the user, audited", async () => {
    const user = await createUser("viewer");
    const other = await createUser("viewer");
    await capturedSession(user);
    expect(await signOutEverywhereAction({})).toMatchObject({ ok: true });
    expect(await getSessionUser()).toBeNull();
    expect(await signOutEverywhereAction({})).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    // another user's sessions are untouched
    await capturedSession(other);
    const [event] = await testDb().auditEvent.findMany({ where: { subjectId: user.id, action: "user.sessions_ended" } });
    expect(event).toMatchObject({ actorId: user.id, reason: "signed out everywhere" });
  });

  it("a signed-out visitor goes to sign-in with a safe callback, whatever the request path held", async () => {
    const { requirePageUser } = await import("../../lib/auth/session");
    signInAs(null);
    await createUser("admin"); // so the page does not send to first-run setup
    for (const [path, expected] of [
      ["/models/x?tab=versions", "/sign-in?callbackUrl=%2Fmodels%2Fx%3Ftab%3Dversions"],
      ["/\t/evil.example/phish", "/sign-in"],
      ["/\\evil.example", "/sign-in"],
      ["//evil.example", "/sign-in"],
    ]) {
      setRequestHeaders({ "x-rollgate-path": path! });
      await expect(requirePageUser()).rejects.toMatchObject({ url: expected });
    }
    setRequestHeaders({});
  });

  it("the sign-in page sends a signed-in user to a safe path for %09, %0a and %0d callbacks", async () => {
    signInAs(await createUser("viewer"));
    const { default: SignInPage } = await import("../../app/(auth)/sign-in/page");
    for (const callbackUrl of ["/\t/evil.example/phish", "/\n/evil.example/phish", "/\r/evil.example/phish", "/models\n"]) {
      const redirected = await SignInPage({ searchParams: Promise.resolve({ callbackUrl }) }).catch((e: unknown) => e);
      expect(redirected).toBeInstanceOf(RedirectError);
      const url = (redirected as RedirectError).url;
      // a Location header can carry it (a newline in it was a 500), and it stays on this site
      expect(url).toMatch(/^\/(?!\/)[\x21-\x7e]*$/);
      expect(url).not.toContain("evil.example");
    }
  });
});

describe("API tokens of people who left", () => {
  it("disabling a user revokes their tokens in the same transaction: REST answers 401 at once", async () => {
    const admin = await createUser("admin");
    const creator = await createUser("admin");
    const { secret, token } = await createToken(testDb(), asActor(creator), {
      name: uniqueId("ci"),
      scopes: ["audit:read", "release:write"],
    });
    const script = await createApiToken(["audit:read"]);
    expect((await callRoute(listAudit, { path: "/api/v1/audit?limit=1", token: secret })).status).toBe(200);

    signInAs(admin);
    expect(await setUserDisabledAction({ userId: creator.id, disabled: "true" })).toMatchObject({ ok: true });
    expect((await callRoute(listAudit, { path: "/api/v1/audit?limit=1", token: secret })).status).toBe(401);
    const model = uniqueModelKey();
    expect(
      (await callRoute(evaluateRelease, { path: `/api/v1/models/${model}/release/evaluate`, params: { model }, body: {}, token: secret }))
        .status,
    ).toBe(401);
    expect(await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({ revokedBy: admin.email });
    const [revoked] = await testDb().auditEvent.findMany({ where: { subjectId: token.id, action: "token.revoked" } });
    expect(revoked).toMatchObject({ actorId: admin.id, reason: `its creator ${creator.email} was disabled` });
    // tokens made by a script are nobody's: they keep working
    expect((await callRoute(listAudit, { path: "/api/v1/audit?limit=1", token: script.secret })).status).toBe(200);
  });

  it("a token whose creator is disabled or deleted is refused even if it was not revoked", async () => {
    const creator = await createUser("admin");
    const { secret, token } = await createToken(testDb(), asActor(creator), { name: uniqueId("ci"), scopes: ["audit:read"] });
    expect(await authenticateToken(testDb(), secret)).not.toBeNull();
    // disabled behind the service's back (a manual fix in the database, an older release)
    await testDb().user.update({ where: { id: creator.id }, data: { disabledAt: new Date() } });
    expect(await authenticateToken(testDb(), secret)).toBeNull();
    await testDb().user.update({ where: { id: creator.id }, data: { disabledAt: null } });
    expect(await authenticateToken(testDb(), secret)).not.toBeNull();
    // deleted: createdById becomes null, which must not read as "made by a script"
    await testDb().user.delete({ where: { id: creator.id } });
    expect(await testDb().apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({ createdById: null, ownedByUser: true });
    expect(await authenticateToken(testDb(), secret)).toBeNull();
  });
});

describe("cross-site writes with a session cookie", () => {
  const evaluate = async (headers: Record<string, string>, origin?: string | null, token?: string) => {
    const model = uniqueModelKey();
    return callRoute(evaluateRelease, {
      path: `/api/v1/models/${model}/release/evaluate`,
      params: { model },
      body: {},
      headers,
      origin,
      token,
    });
  };

  it("refuses a session write from another origin, or without Origin, with 403", async () => {
    signInAs(await createUser("admin"));
    const foreign = await evaluate({}, "https://evil.example");
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({
      error: { code: "forbidden", message: expect.stringMatching(/came from https:\/\/evil\.example/) },
    });
    expect((await evaluate({}, null)).status).toBe(403);
    expect((await evaluate({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    // from this site's own page it gets past the check (the model does not exist: 404)
    expect((await evaluate({ "sec-fetch-site": "same-origin" })).status).toBe(404);
  });

  it("leaves bearer-token calls and reads alone", async () => {
    signInAs(null);
    const { secret } = await createApiToken(["release:write", "audit:read"]);
    expect((await evaluate({}, "https://evil.example", secret)).status).toBe(404);
    expect((await evaluate({}, null, secret)).status).toBe(404);
    signInAs(await createUser("viewer"));
    expect((await callRoute(listAudit, { path: "/api/v1/audit?limit=1", headers: { origin: "https://evil.example" } })).status).toBe(200);
  });
});
