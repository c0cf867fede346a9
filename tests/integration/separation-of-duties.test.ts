// Separation of duties against a real database: an admin who registers a version (through a
// token of their own) cannot satisfy four-eyes with an account they just created or promoted;
// weakening the approval gate waits for a second admin; and simultaneous approvals start one
// rollout. Every test makes its own model and users.
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import { changeRole, createUser as createAccount } from "../../lib/auth/users-service";
import { approveVersionAction } from "../../lib/lifecycle/approval-actions";
import { getApprovalReview } from "../../lib/lifecycle/approval-queries";
import { confirmPolicyChangeAction, discardPolicyChangeAction, updatePolicyAction } from "../../lib/lifecycle/policy-actions";
import { pendingPolicyChange, updatePolicy } from "../../lib/lifecycle/policy-service";
import { approveVersion, recordEvaluation } from "../../lib/lifecycle/service";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { testDb } from "./support/db";
import { createApiToken, createUser, TEST_PASSWORD, uniqueId, uniqueModelKey } from "./support/factories";
import { signInAs } from "./support/session";

const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";
const VERSION = "2026-01-15.1";
const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });

let independent: User;
let ci: Actor;

beforeAll(async () => {
  independent = await createUser("approver");
  const name = uniqueId("ci-eval");
  const t = await createApiToken(["registry:write"], name);
  ci = { type: "token", id: t.id, label: name, scopes: ["registry:write"] };
});

/** Runs `fn` signed in as `user`, and signs out whatever happens. */
async function as<T>(user: User | null, fn: () => Promise<T>): Promise<T> {
  signInAs(user);
  try {
    return await fn();
  } finally {
    signInAs(null);
  }
}

/** A token of `owner`'s own, as an admin makes one on the Tokens page. */
async function tokenOf(owner: User): Promise<Actor> {
  const name = uniqueId("ci");
  const t = await createApiToken(["registry:write"], name, { createdById: owner.id });
  return { type: "token", id: t.id, label: name, scopes: ["registry:write"] };
}

/** A model whose version is in STAGING, registered by `by`, with `policy`. */
async function stagedModel(by: Actor, policy: Record<string, unknown> = {}): Promise<string> {
  const key = uniqueModelKey("it-sod");
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = VERSION;
  delete m.parent_version;
  const res = await registerVersion(testDb(), by, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
  expect(res.status).toBe(201);
  await testDb().model.update({ where: { key }, data: { policy: policy as object } });
  await recordEvaluation(testDb(), ci, { modelKey: key, version: VERSION, dataset: DATASET, metrics: { f1: 0.92 } });
  expect(await stageOf(key)).toBe("STAGING");
  return key;
}

async function stageOf(key: string) {
  return (await testDb().modelVersion.findFirstOrThrow({ where: { version: VERSION, model: { key } }, select: { stage: true } })).stage;
}

async function approvalsOn(key: string) {
  return testDb().approval.count({ where: { version: { model: { key } }, decision: "approved" } });
}

async function newAccount(by: User, role: "approver" | "viewer" | "admin"): Promise<User> {
  const id = uniqueId(role);
  const row = await createAccount(testDb(), asActor(by), {
    name: `Made ${id.slice(-6)}`,
    email: `${id}@rollgate.test`,
    role,
    password: TEST_PASSWORD,
  });
  return testDb().user.findUniqueOrThrow({ where: { id: row.id } });
}

async function policyOf(key: string) {
  return (await testDb().model.findUniqueOrThrow({ where: { key } })).policy as {
    approvals?: { required?: number; independenceDays?: number };
  };
}

async function auditActions(key: string): Promise<string[]> {
  return (await testDb().auditEvent.findMany({ where: { modelKey: key }, orderBy: { seq: "asc" }, select: { action: true } })).map(
    (e) => e.action,
  );
}

describe("an approval by an account the registrant created or promoted does not count", () => {
  it("refuses the approver an admin created, after registering with their own token; an independent approver's counts", async () => {
    const admin = await createUser("admin");
    const key = await stagedModel(await tokenOf(admin), { approvals: { required: 2 } });
    const puppet = await newAccount(admin, "approver");
    expect(puppet).toMatchObject({ createdById: admin.id, roleGrantedById: admin.id });

    const refused = await as(puppet, () => approveVersionAction({ modelKey: key, version: VERSION, comment: "lgtm" }));
    const today = new Date().toISOString().slice(0, 10);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: "forbidden",
        message: `${puppet.email} was created by ${admin.email} on ${today}, within the policy's 30-day independence window: their approval does not count for this version.`,
        issues: undefined,
      },
    });
    expect(await approvalsOn(key)).toBe(0);

    // the approval page says so before they try
    const review = await getApprovalReview(testDb(), key, VERSION, { id: puppet.id, email: puppet.email, role: puppet.role });
    expect(review?.viewer.approveBlocked).toMatch(/was created by .* independence window/);

    const counted = await as(independent, () => approveVersionAction({ modelKey: key, version: VERSION }));
    expect(counted).toMatchObject({ ok: true, data: { approvals: { approved: 1, required: 2 } } });
    expect(await stageOf(key)).toBe("STAGING");
  });

  it("refuses an existing account whose approver role the registrant granted, unless the window is 0", async () => {
    const admin = await createUser("admin");
    const colleague = await createUser("viewer");
    await changeRole(testDb(), asActor(admin), { userId: colleague.id, role: "approver" });
    const promoted = await testDb().user.findUniqueOrThrow({ where: { id: colleague.id } });
    expect(promoted.roleGrantedById).toBe(admin.id);

    const key = await stagedModel(asActor(admin));
    await expect(approveVersion(testDb(), asActor(promoted), { modelKey: key, version: VERSION })).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(
        new RegExp(`^${promoted.email} was given the approver role by ${admin.email} on .*: their approval does not count`),
      ),
    });

    const free = await stagedModel(asActor(admin), { approvals: { independenceDays: 0 } });
    await expect(approveVersion(testDb(), asActor(promoted), { modelKey: free, version: VERSION })).resolves.toMatchObject({
      stage: "PROD",
    });
  });

  it("does not hold an account created by someone else against the registrant", async () => {
    const admin = await createUser("admin");
    const otherAdmin = await createUser("admin");
    const theirs = await newAccount(otherAdmin, "approver");
    const key = await stagedModel(await tokenOf(admin));
    await expect(approveVersion(testDb(), asActor(theirs), { modelKey: key, version: VERSION })).resolves.toMatchObject({ stage: "PROD" });
  });
});

describe("weakening the approval gate waits for a second admin", () => {
  it("keeps a lowered approvals.required pending until another admin confirms it; the proposer cannot", async () => {
    const admin = await createUser("admin");
    const second = await createUser("admin");
    const key = await stagedModel(asActor(second), { approvals: { required: 3 } });
    const { updatedAt } = await testDb().model.findUniqueOrThrow({ where: { key } });

    const proposed = await as(admin, () =>
      updatePolicyAction({ model: key, policy: JSON.stringify({ approvals: { required: 1 } }), updatedAt: updatedAt.toISOString() }),
    );
    expect(proposed).toMatchObject({
      ok: true,
      data: {
        changed: false,
        pending: { weakens: ["approvals.required lowered from 3 to 1"], proposedBy: admin.email, noOtherAdmin: false },
      },
    });
    if (!proposed.ok || !proposed.data.pending) throw new Error("not pending");
    const id = proposed.data.pending.id;
    expect((await policyOf(key)).approvals?.required).toBe(3);
    expect(await auditActions(key)).toContain("model.policy_change_proposed");

    // the old requirement still applies: one approval does not promote
    await approveVersion(testDb(), asActor(independent), { modelKey: key, version: VERSION });
    expect(await stageOf(key)).toBe("STAGING");

    const own = await as(admin, () => confirmPolicyChangeAction({ model: key, id }));
    expect(own).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringMatching(/^You proposed this change/) } });
    expect((await policyOf(key)).approvals?.required).toBe(3);

    // a second proposal is refused while one waits
    const again = await updatePolicy(testDb(), asActor(admin), { modelKey: key, policy: { approvals: { required: 2 } } }).catch(
      (e: unknown) => e,
    );
    expect(again).toMatchObject({ status: 409 });

    const confirmed = await as(second, () => confirmPolicyChangeAction({ model: key, id }));
    expect(confirmed).toMatchObject({ ok: true, data: { changed: true, pending: null } });
    expect((await policyOf(key)).approvals?.required).toBe(1);
    expect(await pendingPolicyChange(testDb(), key)).toBeNull();
    const actions = await auditActions(key);
    expect(actions.slice(-2)).toEqual(["model.policy_change_confirmed", "model.policy_updated"]);
  });

  it("refuses a confirmation by an admin the proposer created within the window", async () => {
    const admin = await createUser("admin");
    const key = await stagedModel(asActor(independent), { approvals: { required: 2 } });
    const pending = await updatePolicy(testDb(), asActor(admin), { modelKey: key, policy: { approvals: { required: 1 } } });
    const crony = await newAccount(admin, "admin");
    const result = await as(crony, () => confirmPolicyChangeAction({ model: key, id: pending.pending!.id }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: "forbidden", message: expect.stringMatching(/was created by .*another admin must confirm/) },
    });
    expect((await policyOf(key)).approvals?.required).toBe(2);

    // anyone may discard, the proposer included
    const discarded = await as(admin, () => discardPolicyChangeAction({ model: key, id: pending.pending!.id }));
    expect(discarded.ok).toBe(true);
    expect(await pendingPolicyChange(testDb(), key)).toBeNull();
    expect(await auditActions(key)).toContain("model.policy_change_discarded");
  });

  it("treats a shorter independence window as weakening, and applies raised requirements at once", async () => {
    const admin = await createUser("admin");
    const key = await stagedModel(asActor(independent));
    const shorter = await updatePolicy(testDb(), asActor(admin), { modelKey: key, policy: { approvals: { independenceDays: 1 } } });
    expect(shorter.pending?.weakens).toEqual(["approvals.independenceDays shortened from 30 to 1"]);
    expect((await policyOf(key)).approvals?.independenceDays).toBeUndefined();
    await discardPolicyChange(key, admin);

    const raised = await updatePolicy(testDb(), asActor(admin), {
      modelKey: key,
      policy: { approvals: { required: 4, independenceDays: 90 } },
    });
    expect(raised).toMatchObject({ changed: true, pending: null });
    expect((await policyOf(key)).approvals).toEqual({ required: 4, independenceDays: 90, rules: [] });
  });

  it("shows the pending change on the approval page", async () => {
    const admin = await createUser("admin");
    const key = await stagedModel(asActor(independent), { approvals: { required: 2 } });
    await updatePolicy(testDb(), asActor(admin), { modelKey: key, policy: { approvals: { required: 1 } } });
    const review = await getApprovalReview(testDb(), key, VERSION, { id: admin.id, email: admin.email, role: admin.role });
    expect(review?.pendingPolicyChange).toMatchObject({ weakens: ["approvals.required lowered from 2 to 1"], proposedBy: admin.email });
  });
});

async function discardPolicyChange(key: string, admin: User) {
  const p = await pendingPolicyChange(testDb(), key);
  const r = await as(admin, () => discardPolicyChangeAction({ model: key, id: p!.id }));
  expect(r.ok).toBe(true);
}

describe("simultaneous approvals", () => {
  it("20 distinct approvers at once with required=2: exactly one rollout start, two approvals counted", async () => {
    const registrant = await createUser("admin");
    const key = await stagedModel(asActor(registrant), { approvals: { required: 2 } });
    const reviewers = await Promise.all(Array.from({ length: 20 }, () => createUser("approver")));
    const results = await Promise.allSettled(
      reviewers.map((r) => approveVersion(testDb(), asActor(r), { modelKey: key, version: VERSION })),
    );
    const ok = results
      .filter((r) => r.status === "fulfilled")
      .map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof approveVersion>>>).value);
    expect(ok).toHaveLength(2);
    expect(ok.filter((r) => r.promotion !== null)).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 409 });
    expect(await approvalsOn(key)).toBe(2);
    expect(await stageOf(key)).toBe("PROD");
    const actions = await auditActions(key);
    expect(actions.filter((a) => a === "approval.decided")).toHaveLength(2);
    const starts = await testDb().outboxEvent.count({ where: { modelKey: key, type: { in: ["release.started", "release.completed"] } } });
    expect(starts).toBe(1);
  });

  it("20 approvals by the same reviewer at once: one approval recorded", async () => {
    const registrant = await createUser("admin");
    const key = await stagedModel(asActor(registrant), { approvals: { required: 2 } });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => approveVersion(testDb(), asActor(independent), { modelKey: key, version: VERSION })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 409 });
    expect(await approvalsOn(key)).toBe(1);
    expect(await stageOf(key)).toBe("STAGING");
  });
});
