// The approval page's server actions and reads against a real database: who may decide, the
// four-eyes refusal surfaced as the action's message, a rejection without a comment as a field
// error, one decision per double click; and the queue and review reads the pages render.
// Every test makes its own model and users.
import { beforeAll, describe, expect, it } from "vitest";
import { approvalProgress } from "../../app/(dashboard)/approvals/_components/approval-progress";
import { completingApprovalHint, rolloutSentence, rolloutSummary } from "../../app/(dashboard)/approvals/_components/rollout-summary";
import { formatWaiting } from "../../app/(dashboard)/approvals/_components/waiting-time";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import { approveVersionAction, rejectVersionAction } from "../../lib/lifecycle/approval-actions";
import { compareMetrics, getApprovalReview, listApprovalQueue, metricDirection } from "../../lib/lifecycle/approval-queries";
import { countWaitingFor, turnsFor } from "../../lib/lifecycle/whose-turn";
import { parsePolicy, type Policy, type PolicyInput } from "../../lib/policy/policy";
import { approveVersion, recordEvaluation } from "../../lib/lifecycle/service";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import type { Manifest } from "../../lib/registry/manifest-schema";
import { registerVersion } from "../../lib/registry/service";
import { promoteNow, rollback } from "../../lib/rollout/service";
import { testDb } from "./support/db";
import { createApiToken, createUser, uniqueModelKey } from "./support/factories";
import { signInAs } from "./support/session";

const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";
const GATES: PolicyInput = {
  evalGates: [
    { metric: "f1", op: ">=", value: 0.9 },
    { metric: "calibration_error", op: "<=", value: 0.05 },
  ],
  maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }],
};

const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });

let ci: Actor;
let approver: User;

beforeAll(async () => {
  const name = `ci-${uniqueModelKey("approval-actions")}`;
  const token = await createApiToken(["registry:write"], name);
  ci = { type: "token", id: token.id, label: name, scopes: ["registry:write"] };
  approver = await createUser("approver");
});

async function register(key: string, version: string, by: Actor = ci, edit?: (m: Manifest) => void): Promise<void> {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = version;
  delete m.parent_version;
  edit?.(m);
  const res = await registerVersion(testDb(), by, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
  expect(res.status).toBe(201);
}

/** A model with the gates above and one version in STAGING, registered by `by` (CI unless given). */
async function stagedModel(by: Actor = ci, version = "2026-01-15.1"): Promise<string> {
  const key = uniqueModelKey("it-appr");
  await register(key, version, by);
  await testDb().model.update({ where: { key }, data: { policy: GATES as object } });
  await evaluate(key, version, { f1: 0.92, calibration_error: 0.04 });
  return key;
}

async function evaluate(key: string, version: string, metrics: Record<string, number>) {
  return (await recordEvaluation(testDb(), ci, { modelKey: key, version, dataset: DATASET, metrics })).body;
}

async function stageOf(key: string, version = "2026-01-15.1") {
  return (await testDb().modelVersion.findFirstOrThrow({ where: { version, model: { key } }, select: { stage: true } })).stage;
}

async function decisionsOn(key: string) {
  return testDb().approval.count({ where: { version: { model: { key } } } });
}

/** Runs `fn` signed in as `user`, and signs out whatever happens. */
async function as<T>(user: User | null, fn: () => Promise<T>): Promise<T> {
  signInAs(user);
  try {
    return await fn();
  } finally {
    signInAs(null);
  }
}

function policyOf(input: PolicyInput): Policy {
  const parsed = parsePolicy(input);
  if (!parsed.ok) throw new Error("bad test policy");
  return parsed.policy;
}

// ---------------------------------------------------------------------------------------------

describe("approveVersionAction and rejectVersionAction: who may decide", () => {
  it("refuses viewers and operators with the role in the message, and writes nothing", async () => {
    const key = await stagedModel();
    for (const role of ["viewer", "operator"] as const) {
      const user = await createUser(role);
      const approve = await as(user, () => approveVersionAction({ modelKey: key, version: "2026-01-15.1", comment: "lgtm" }));
      expect(approve).toEqual({
        ok: false,
        error: { code: "forbidden", message: `Your role (${role}) does not allow this (approvals:decide).`, issues: undefined },
      });
      const reject = await as(user, () => rejectVersionAction({ modelKey: key, version: "2026-01-15.1", comment: "no" }));
      expect(reject.ok).toBe(false);
      if (!reject.ok) expect(reject.error.code).toBe("forbidden");
    }
    expect(await decisionsOn(key)).toBe(0);
    expect(await stageOf(key)).toBe("STAGING");
  });

  it("asks a signed-out caller to sign in", async () => {
    const key = await stagedModel();
    const result = await as(null, () => approveVersionAction({ modelKey: key, version: "2026-01-15.1" }));
    expect(result).toMatchObject({ ok: false, error: { code: "unauthorized", message: "Your session has ended; sign in again." } });
    expect(await stageOf(key)).toBe("STAGING");
  });

  it("lets an approver approve: the model's first version goes to PROD and the decision is audited under their name", async () => {
    const key = await stagedModel();
    const result = await as(approver, () => approveVersionAction({ modelKey: key, version: "2026-01-15.1", comment: "diff reviewed" }));
    expect(result).toMatchObject({
      ok: true,
      data: {
        decision: "approved",
        stage: "PROD",
        comment: "diff reviewed",
        reviewer: { id: approver.id, label: approver.email },
        approvals: { approved: 1, required: 1 },
        promotion: { outcome: "completed", stableVersion: "2026-01-15.1", previousStableVersion: null, candidatePercent: null },
      },
    });
    const decided = await testDb().auditEvent.findFirstOrThrow({ where: { modelKey: key, action: "approval.decided" } });
    expect(decided).toMatchObject({ actorType: "user", actorId: approver.id, actorLabel: approver.email, reason: "diff reviewed" });
  });

  it("lets an admin reject with a comment", async () => {
    const key = await stagedModel();
    const admin = await createUser("admin");
    const result = await as(admin, () =>
      rejectVersionAction({ modelKey: key, version: "2026-01-15.1", comment: "calibration drifted on EU" }),
    );
    expect(result).toMatchObject({ ok: true, data: { decision: "rejected", stage: "REJECTED" } });
    expect(await stageOf(key)).toBe("REJECTED");
  });

  it("accepts the form's FormData as well as an object", async () => {
    const key = await stagedModel();
    const form = new FormData();
    form.set("modelKey", key);
    form.set("version", "2026-01-15.1");
    form.set("comment", "");
    form.set("$ACTION_ID_abc", "");
    const result = await as(approver, () => approveVersionAction(form));
    expect(result).toMatchObject({ ok: true, data: { stage: "PROD" } });
  });
});

describe("the service's refusals reach the reviewer as the action's message", () => {
  it("refuses the registrant (four-eyes), even as an approver, but lets them withdraw it by rejecting", async () => {
    const author = await createUser("approver");
    const key = await stagedModel(asActor(author));
    const result = await as(author, () => approveVersionAction({ modelKey: key, version: "2026-01-15.1", comment: "mine, but fine" }));
    expect(result).toEqual({
      ok: false,
      error: {
        code: "forbidden",
        message:
          "you registered 2026-01-15.1, so you cannot approve it: four-eyes requires a reviewer other than the registrant (admins included).",
        issues: undefined,
      },
    });
    expect(await decisionsOn(key)).toBe(0);
    expect(await stageOf(key)).toBe("STAGING");

    const withdrawn = await as(author, () => rejectVersionAction({ modelKey: key, version: "2026-01-15.1", comment: "wrong snapshot" }));
    expect(withdrawn).toMatchObject({ ok: true, data: { stage: "REJECTED" } });
  });

  it("answers a rejection without a comment with a field error on comment, and writes nothing", async () => {
    const key = await stagedModel();
    // a form (or a forged request) that leaves the field out
    const form = new FormData();
    form.set("modelKey", key);
    form.set("version", "2026-01-15.1");
    const missing = await as(approver, () => rejectVersionAction(form));
    expect(missing).toMatchObject({ ok: false, error: { code: "schema_error", issues: [{ path: "comment", message: "is required" }] } });
    const blank = await as(approver, () => rejectVersionAction({ modelKey: key, version: "2026-01-15.1", comment: "   " }));
    expect(blank).toMatchObject({
      ok: false,
      error: { code: "schema_error", issues: [{ path: "comment", message: "is required for a rejection: say what must change" }] },
    });
    expect(await decisionsOn(key)).toBe(0);
    expect(await stageOf(key)).toBe("STAGING");
  });

  it("refuses to approve a version that is not STAGING, saying why", async () => {
    const key = uniqueModelKey("it-appr");
    await register(key, "2026-01-15.1");
    const result = await as(approver, () => approveVersionAction({ modelKey: key, version: "2026-01-15.1" }));
    expect(result).toMatchObject({ ok: false, error: { code: "conflict" } });
    if (!result.ok)
      expect(result.error.message).toMatch(/^cannot approve 2026-01-15\.1: only STAGING versions are reviewed, and it is DEV/);
    expect(await stageOf(key)).toBe("DEV");
  });

  it("names a model or version that does not exist", async () => {
    const result = await as(approver, () => approveVersionAction({ modelKey: "no-such-model-anywhere", version: "2026-01-15.1" }));
    expect(result).toMatchObject({ ok: false, error: { code: "not_found", message: 'Model "no-such-model-anywhere" does not exist.' } });
  });

  it("a double click records one decision; the second click is told it already decided", async () => {
    const key = await stagedModel();
    await testDb().model.update({ where: { key }, data: { policy: { ...GATES, approvals: { required: 2 } } as object } });
    const results = await as(approver, () =>
      Promise.all(Array.from({ length: 5 }, () => approveVersionAction({ modelKey: key, version: "2026-01-15.1" }))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.error.code).toBe("conflict");
    expect(await decisionsOn(key)).toBe(1);
    expect(await stageOf(key)).toBe("STAGING");
  });
});

// ---------------------------------------------------------------------------------------------

describe("listApprovalQueue", () => {
  it("lists STAGING versions longest-waiting first, with approvals so far, the required count and the latest verdict", async () => {
    const key = uniqueModelKey("it-queue");
    await register(key, "2026-01-15.1");
    await register(key, "2026-01-15.2");
    await register(key, "2026-01-15.3");
    await testDb().model.update({ where: { key }, data: { policy: { ...GATES, approvals: { required: 2 } } as object } });
    // .2 is staged first, so it has waited longest although it was registered later than .1
    await evaluate(key, "2026-01-15.2", { f1: 0.93, calibration_error: 0.03 });
    await evaluate(key, "2026-01-15.1", { f1: 0.92, calibration_error: 0.04 });
    await evaluate(key, "2026-01-15.3", { f1: 0.5, calibration_error: 0.04 }); // fails: stays DEV
    await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1" });
    await evaluate(key, "2026-01-15.1", { f1: 0.85, calibration_error: 0.04 }); // a later failing evaluation

    const queue = await listApprovalQueue(testDb(), { pageSize: 100_000 });
    const mine = queue.rows.filter((r) => r.model.key === key);
    expect(mine.map((r) => r.version)).toEqual(["2026-01-15.2", "2026-01-15.1"]);
    expect(mine[0]).toMatchObject({
      approved: 0,
      required: 2,
      registeredBy: ci.label,
      registeredByType: "token",
      latestEvaluation: { passed: true },
    });
    expect(mine[1]).toMatchObject({ approved: 1, required: 2, latestEvaluation: { passed: false, dataset: DATASET } });
    expect(Date.parse(mine[0]!.stagedAt)).toBeLessThanOrEqual(Date.parse(mine[1]!.stagedAt));
    expect(queue.total).toBeGreaterThanOrEqual(2);
    const all = queue.rows.map((r) => Date.parse(r.stagedAt));
    expect(all).toEqual([...all].sort((a, b) => a - b));
  });

  it("shows a model with a broken policy without a required count instead of failing the page", async () => {
    const key = await stagedModel();
    await testDb().model.update({ where: { key }, data: { policy: { approvals: { required: "two" } } } });
    const row = (await listApprovalQueue(testDb(), { pageSize: 100_000 })).rows.find((r) => r.model.key === key);
    expect(row).toMatchObject({ required: null, approved: 0 });
  });
});

describe("whose turn a STAGING version waits for", () => {
  it("counts for a reviewer only what they may decide: not their own registrations (by hand or by their token), not what they decided, not a registrant who appointed them", async () => {
    const lead = await createUser("approver");
    const other = await createUser("approver");
    const leadToken = await createApiToken(["registry:write"], uniqueModelKey("lead-ci"), { createdById: lead.id });
    const viaToken: Actor = { type: "token", id: leadToken.id, label: "lead-ci", scopes: ["registry:write"] };
    const byHand = await stagedModel(asActor(lead));
    const byLeadsToken = await stagedModel(viaToken);
    const byCi = await stagedModel();
    const decided = await stagedModel();
    await testDb().model.update({ where: { key: decided }, data: { policy: { ...GATES, approvals: { required: 2 } } as object } });
    await approveVersion(testDb(), asActor(lead), { modelKey: decided, version: "2026-01-15.1" });
    // `other` was given the approver role by the lead a moment ago: not independent of the lead's versions
    await testDb().user.update({ where: { id: other.id }, data: { roleGrantedById: lead.id, roleGrantedAt: new Date() } });

    const rows = await testDb().modelVersion.findMany({
      where: { stage: "STAGING", model: { key: { in: [byHand, byLeadsToken, byCi, decided] } } },
      select: {
        id: true,
        registeredByType: true,
        registeredById: true,
        registeredBy: true,
        model: { select: { key: true, policy: true } },
      },
    });
    const turnOf = async (u: User) => {
      const turns = await turnsFor(
        testDb(),
        u,
        rows.map((r) => ({ ...r, policy: r.model.policy })),
      );
      return Object.fromEntries(rows.map((r) => [r.model.key, turns.get(r.id)]));
    };
    expect(await turnOf(lead)).toEqual({
      [byHand]: { kind: "others", why: "registrant" },
      [byLeadsToken]: { kind: "others", why: "registrant" },
      [byCi]: { kind: "you" },
      [decided]: { kind: "others", why: "decided" },
    });
    expect(await turnOf(other)).toEqual({
      [byHand]: { kind: "others", why: "dependent" },
      [byLeadsToken]: { kind: "others", why: "dependent" },
      [byCi]: { kind: "you" },
      [decided]: { kind: "you" },
    });
    const viewer = await createUser("viewer");
    expect(Object.values(await turnOf(viewer))).toEqual(Array(4).fill({ kind: "others", why: "no-permission" }));

    // the nav badge and the queue's filter agree with the turns: both read in one snapshot, since
    // other test files register and roll back versions on the same database meanwhile
    const [counts, queue] = await testDb().$transaction(
      async (tx) =>
        [await countWaitingFor(tx, lead), await listApprovalQueue(tx, { pageSize: 100_000, viewer: lead, only: "you" })] as const,
      { isolationLevel: "RepeatableRead" },
    );
    expect(queue.counts).toEqual(counts);
    expect(queue.total).toBe(counts.forYou);
    const keys = new Set(queue.rows.map((r) => r.model.key));
    expect(keys.has(byCi)).toBe(true);
    expect([byHand, byLeadsToken, decided].some((k) => keys.has(k))).toBe(false);
    const others = await listApprovalQueue(testDb(), { pageSize: 100_000, viewer: lead, only: "others" });
    expect(others.rows.filter((r) => [byHand, byLeadsToken, decided].includes(r.model.key)).map((r) => r.turn?.kind)).toEqual([
      "others",
      "others",
      "others",
    ]);
    expect((await countWaitingFor(testDb(), viewer)).forYou).toBe(0);
  });
});

describe("getApprovalReview", () => {
  /** v1 in PROD (f1 0.91, calibration 0.04), v2 STAGING with a changed latency limit and better scores. */
  async function reviewSetup(registrant: Actor = ci) {
    const key = uniqueModelKey("it-review");
    await register(key, "2026-01-15.1");
    await testDb().model.update({ where: { key }, data: { policy: GATES as object } });
    await evaluate(key, "2026-01-15.1", { f1: 0.91, calibration_error: 0.04, latency_ms: 30 });
    await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1", comment: "first release" });
    await register(key, "2026-01-16.1", registrant, (m) => {
      m.parent_version = "2026-01-15.1";
      m.limits.p95_latency_ms = 90;
    });
    await recordEvaluation(testDb(), ci, {
      modelKey: key,
      version: "2026-01-16.1",
      dataset: DATASET,
      metrics: { f1: 0.93, calibration_error: 0.045, latency_ms: 30 },
      replay: { baseline_version: "2026-01-15.1", cases: 5000, agreement: 0.982 },
    });
    return key;
  }

  it("compares with PROD: diff, metric deltas judged by the policy, gates, replay, lineage", async () => {
    const key = await reviewSetup();
    const reviewer = await createUser("approver");
    const r = await getApprovalReview(testDb(), key, "2026-01-16.1", reviewer);
    expect(r).not.toBeNull();
    expect(r!.version.stage).toBe("STAGING");
    expect(r!.prodVersion).toBe("2026-01-15.1");
    expect(r!.base).toEqual({ version: "2026-01-15.1", stage: "PROD", kind: "prod" });
    expect(r!.diff?.changes).toContainEqual(
      expect.objectContaining({ path: "limits.p95_latency_ms", kind: "changed", before: 120, after: 90 }),
    );
    expect(r!.metrics.map((m) => [m.metric, m.value, m.baseline, m.verdict])).toEqual([
      ["f1", 0.93, 0.91, "better"],
      ["calibration_error", 0.045, 0.04, "worse"],
      ["latency_ms", 30, 30, "same"],
    ]);
    expect(r!.metrics[0]!.delta).toBeCloseTo(0.02, 12);
    expect(r!.gates.map((g) => [g.gate, g.metric, g.passed, g.skipped])).toEqual([
      ["absolute", "f1", true, false],
      ["absolute", "calibration_error", true, false],
      ["regression", "f1", true, false],
    ]);
    expect(r!.replay).toMatchObject({ baselineVersion: "2026-01-15.1", cases: 5000, agreement: 0.982, minAgreement: null, gate: null });
    expect(r!.version.lineage.ancestors.map((a) => a.version)).toEqual(["2026-01-15.1"]);
    expect(r!.approvals).toEqual({ approved: 0, required: 1, remaining: 1, approvers: [], viewerCompletes: true });
    expect(r!.viewer).toEqual({ state: { kind: "open" }, isRegistrant: false, approveBlocked: null, dependent: null });
  });

  it("tells each viewer what they may do: read-only, four-eyes, already decided", async () => {
    const author = await createUser("approver");
    const key = await reviewSetup(asActor(author));
    await testDb().model.update({ where: { key }, data: { policy: { ...GATES, approvals: { required: 2 } } as object } });

    const viewer = await createUser("viewer");
    expect((await getApprovalReview(testDb(), key, "2026-01-16.1", viewer))!.viewer.state).toEqual({ kind: "no-permission" });

    const own = (await getApprovalReview(testDb(), key, "2026-01-16.1", author))!.viewer;
    expect(own).toEqual({
      state: { kind: "open" },
      isRegistrant: true,
      approveBlocked: "You registered this version, so you cannot approve it (four-eyes).",
      dependent: null,
    });

    const first = await createUser("approver");
    await approveVersion(testDb(), asActor(first), { modelKey: key, version: "2026-01-16.1", comment: "ok" });
    const after = (await getApprovalReview(testDb(), key, "2026-01-16.1", first))!;
    expect(after.viewer.state).toMatchObject({ kind: "decided", decision: "approved" });
    expect(after.approvals).toEqual({
      approved: 1,
      required: 2,
      remaining: 1,
      approvers: [{ name: first.name, email: first.email }],
      viewerCompletes: false,
    });
    expect(after.decisions.map((d) => [d.reviewer.email, d.decision, d.comment])).toEqual([[first.email, "approved", "ok"]]);
  });

  it("says what approving would do: a first release goes to PROD, a later one starts its canary at the first step", async () => {
    const key = await reviewSetup();
    const r = (await getApprovalReview(testDb(), key, "2026-01-16.1", approver))!;
    expect(r.onApproval).toEqual({ kind: "rollout", mode: "canary", percent: 5, stable: "2026-01-15.1" });
    expect(completingApprovalHint(r.onApproval)).toBe(
      "Your approval completes the required count: its rollout starts as a 5 % canary next to 2026-01-15.1, which keeps the rest of the traffic and stays the rollback target.",
    );

    const first = await stagedModel();
    expect((await getApprovalReview(testDb(), first, "2026-01-15.1", approver))!.onApproval).toEqual({ kind: "first" });
  });

  it("while its rollout runs it compares with the PROD version it ramps against; after completion with the one it replaced", async () => {
    const key = await reviewSetup();
    const decided = await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-16.1" });
    expect(decided).toMatchObject({ stage: "ROLLING_OUT", promotion: { outcome: "started", mode: "canary", candidatePercent: 5 } });
    const rolling = (await getApprovalReview(testDb(), key, "2026-01-16.1", approver))!;
    expect(rolling.version.stage).toBe("ROLLING_OUT");
    expect(rolling.viewer.state).toEqual({ kind: "closed" });
    expect(rolling.onApproval).toBeNull();
    expect(rolling.prodVersion).toBe("2026-01-15.1");
    expect(rolling.base).toEqual({ version: "2026-01-15.1", stage: "PROD", kind: "prod" });
    expect(rolling.release).toMatchObject({
      stableVersion: "2026-01-15.1",
      candidateVersion: "2026-01-16.1",
      candidatePercent: 5,
      mode: "canary",
      state: "ramping",
    });
    expect(rolling.metrics.find((m) => m.metric === "f1")).toMatchObject({ baseline: 0.91, verdict: "better" });
    // the banner's words for it
    expect(rolloutSummary(rolling.release!)).toBe("5 % canary");

    const operator = await createUser("operator");
    await promoteNow(testDb(), asActor(operator), { modelKey: key, reason: "canary healthy" });
    const r = (await getApprovalReview(testDb(), key, "2026-01-16.1", approver))!;
    expect(r.version.stage).toBe("PROD");
    expect(r.base).toEqual({ version: "2026-01-15.1", stage: "PROD_PREVIOUS", kind: "replaced" });
    expect(r.release).toMatchObject({ stableVersion: "2026-01-16.1", previousStableVersion: "2026-01-15.1", candidateVersion: null });
    expect(r.metrics.find((m) => m.metric === "f1")).toMatchObject({ baseline: 0.91, verdict: "better" });
  });

  it("blocks an approval that would start a second rollout while one runs, and says why", async () => {
    const key = await reviewSetup();
    await register(key, "2026-01-16.2", ci, (m) => {
      m.parent_version = "2026-01-15.1";
    });
    await evaluate(key, "2026-01-16.2", { f1: 0.92, calibration_error: 0.04 });
    await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-16.1" });
    const reviewer = await createUser("approver");
    const r = (await getApprovalReview(testDb(), key, "2026-01-16.2", reviewer))!;
    expect(r.onApproval).toEqual({ kind: "blocked", candidate: "2026-01-16.1" });
    expect(r.viewer.approveBlocked).toBe(
      "A rollout of 2026-01-16.1 is in progress: it must complete or be rolled back before this version can be approved.",
    );
    // the service refuses the same (a forged request)
    const forged = await as(reviewer, () => approveVersionAction({ modelKey: key, version: "2026-01-16.2" }));
    expect(forged).toMatchObject({ ok: false, error: { code: "conflict" } });

    // once it is rolled back, 16.2 may be approved
    await rollback(testDb(), asActor(await createUser("operator")), { modelKey: key, reason: "latency over budget" });
    const after = (await getApprovalReview(testDb(), key, "2026-01-16.2", reviewer))!;
    expect(after.onApproval).toEqual({ kind: "rollout", mode: "canary", percent: 5, stable: "2026-01-15.1" });
    expect(after.viewer.approveBlocked).toBeNull();
  });

  it("a first release diffs against its parent but compares no metrics, and blocks approval after a failed evaluation", async () => {
    const key = uniqueModelKey("it-review");
    await register(key, "2026-01-15.1");
    await register(key, "2026-01-15.2", ci, (m) => {
      m.parent_version = "2026-01-15.1";
      m.changelog = "Recalibrated thresholds";
    });
    await testDb().model.update({ where: { key }, data: { policy: GATES as object } });
    await evaluate(key, "2026-01-15.2", { f1: 0.92, calibration_error: 0.04 });
    await evaluate(key, "2026-01-15.2", { f1: 0.8, calibration_error: 0.04 });
    const r = (await getApprovalReview(testDb(), key, "2026-01-15.2", approver))!;
    expect(r.prodVersion).toBeNull();
    expect(r.base).toEqual({ version: "2026-01-15.1", stage: "DEV", kind: "parent" });
    expect(r.diff?.changes.map((c) => c.path)).toContain("changelog");
    expect(r.baseEvaluation).toBeNull();
    expect(r.metrics.every((m) => m.baseline === null && m.verdict === "unknown")).toBe(true);
    expect(r.latestEvaluation).toMatchObject({ passed: false });
    expect(r.viewer.approveBlocked).toBe("Its latest evaluation failed its gates: evaluate it again or reject it.");
  });

  it("is null for an unknown model or version", async () => {
    expect(await getApprovalReview(testDb(), "no-such-model-anywhere", "2026-01-15.1", approver)).toBeNull();
    const key = await stagedModel();
    expect(await getApprovalReview(testDb(), key, "2026-02-01.1", approver)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------

describe("pure helpers of the approvals pages", () => {
  it("takes a metric's direction from the policy: regression gate first, else a one-sided absolute gate", () => {
    const policy = policyOf({
      evalGates: [
        { metric: "f1", op: ">=", value: 0.9 },
        { metric: "calibration_error", op: "<=", value: 0.05 },
        { metric: "score_mean", op: ">=", value: 0.2 },
        { metric: "score_mean", op: "<=", value: 0.8 },
      ],
      maxRegression: [{ metric: "p95_ms", direction: "lower_is_better", maxDrop: 5 }],
    });
    expect(metricDirection(policy, "f1")).toBe("higher_is_better");
    expect(metricDirection(policy, "calibration_error")).toBe("lower_is_better");
    expect(metricDirection(policy, "p95_ms")).toBe("lower_is_better");
    expect(metricDirection(policy, "score_mean")).toBeNull(); // a range: neither way is better
    expect(metricDirection(policy, "auc")).toBeNull();
    expect(metricDirection(null, "f1")).toBeNull();
  });

  it("judges deltas only with a direction, and treats float noise as no change", () => {
    const policy = policyOf(GATES);
    const rows = compareMetrics(
      { f1: 0.9, calibration_error: 0.06, auc: 0.97, new_metric: 1 },
      { f1: 0.91 - 0.01, calibration_error: 0.05, auc: 0.95, old_metric: 2 },
      policy,
    );
    expect(rows.map((r) => [r.metric, r.verdict])).toEqual([
      ["f1", "same"],
      ["calibration_error", "worse"],
      ["auc", "unknown"],
      ["new_metric", "unknown"],
      ["old_metric", "unknown"],
    ]);
    expect(rows.find((r) => r.metric === "old_metric")).toMatchObject({ value: null, baseline: 2, delta: null });
    expect(compareMetrics({ f1: 0.9 }, null, policy)).toEqual([
      { metric: "f1", value: 0.9, baseline: null, delta: null, direction: "higher_is_better", verdict: "unknown" },
    ]);
  });

  it("words the wait and the approval count", () => {
    expect(formatWaiting(20_000)).toBe("< 1 min");
    expect(formatWaiting(12 * 60_000)).toBe("12 min");
    expect(formatWaiting(3 * 3600_000 + 59 * 60_000)).toBe("3 h");
    expect(formatWaiting(47 * 3600_000)).toBe("47 h");
    expect(formatWaiting(4 * 86_400_000)).toBe("4 d");
    expect(formatWaiting(-5_000)).toBe("< 1 min");
    expect(approvalProgress(0, 1)).toBe("0 of 1 approval — 1 more needed");
    expect(approvalProgress(1, 2)).toBe("1 of 2 approvals — 1 more needed");
    expect(approvalProgress(2, 2)).toBe("2 of 2 approvals — none more needed");
    expect(approvalProgress(1, null)).toBe("1 approval (policy invalid: required count unknown)");
  });

  it("words a running rollout for the banner, and what a completing approval will do", () => {
    expect(rolloutSummary({ mode: "canary", candidatePercent: 5, state: "ramping" })).toBe("5 % canary");
    expect(rolloutSummary({ mode: "canary", candidatePercent: 25, state: "paused" })).toBe("25 % canary (paused)");
    expect(rolloutSummary({ mode: "blue_green", candidatePercent: 100 })).toBe("blue-green, 100 % as the candidate");
    expect(rolloutSummary({ mode: "shadow", candidatePercent: 12.5 })).toBe("shadow, 12.50 % of requests copied");
    expect(rolloutSentence({ mode: "canary", candidatePercent: 5, stableVersion: "2026-01-15.1" })).toMatch(
      /^It serves 5 % of traffic as the candidate and 2026-01-15\.1 the rest\./,
    );
    expect(rolloutSentence({ mode: "shadow", candidatePercent: 5, stableVersion: "2026-01-15.1" })).toContain(
      "2026-01-15.1 keeps serving all traffic",
    );
    expect(completingApprovalHint({ kind: "first" })).toBe(
      "Your approval completes the required count: it is the model's first release, so it goes to PROD at once.",
    );
    expect(completingApprovalHint({ kind: "rollout", mode: "blue_green", percent: 100, stable: "v1" })).toContain(
      "takes 100 % of traffic at once",
    );
    expect(completingApprovalHint({ kind: "blocked", candidate: "v2" })).toContain("a rollout of v2 is in progress");
  });
});
