// The lifecycle against a real database: evaluations and their gates (over the REST API),
// DEV → STAGING by policy, named approvals with four-eyes, the approval that starts the
// version's release (a first version PROD at once; later ones a canary, blue-green or shadow
// through lib/rollout, in the approval's transaction), concurrent approvals, rejections,
// deprecation and archiving, and that audit and outbox rows are written in the same transaction
// as the change. Every test makes its own model and users.
import { beforeAll, describe, expect, it } from "vitest";
import {
  GET as listEvaluationsRoute,
  POST as postEvaluationRoute,
} from "../../app/api/v1/models/[model]/versions/[version]/evaluations/route";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import type { PolicyInput } from "../../lib/policy/policy";
import { approveVersion, archiveVersion, deprecateVersion, recordEvaluation, rejectVersion } from "../../lib/lifecycle/service";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import type { Manifest } from "../../lib/registry/manifest-schema";
import { registerVersion } from "../../lib/registry/service";
import { pinTenant, promoteNow, rollback } from "../../lib/rollout/service";
import { testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";
import { signInAs } from "./support/session";

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
type Gate = {
  gate: string;
  metric: string;
  value: number | null;
  threshold: number | null;
  baseline?: number | null;
  baselineVersion?: string | null;
  passed: boolean;
  skipped: boolean;
  message: string;
};
type EvaluationBody = {
  id: string;
  passed: boolean;
  reasons: string[];
  gates: Gate[];
  stage: string;
  staged: boolean;
  baselineVersion: string | null;
};

const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });

const GATES: PolicyInput = {
  evalGates: [{ metric: "f1", op: ">=", value: 0.9 }],
  maxRegression: [{ metric: "f1", direction: "higher_is_better", maxDrop: 0.01 }],
};
const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";

let ci: { secret: string; id: string };
let ciActor: Actor;
let reader: { secret: string };
let approver: User;
let approver2: User;
/** completes rollouts (promote now) and rolls them back, as on-call does */
let onCall: User;

beforeAll(async () => {
  const name = `ci-${uniqueModelKey("lifecycle")}`;
  ci = await createApiToken(["registry:write"], name);
  ciActor = { type: "token", id: ci.id, label: name, scopes: ["registry:write"] };
  reader = await createApiToken(["routes:read"]);
  approver = await createUser("approver");
  approver2 = await createUser("approver");
  onCall = await createUser("operator");
});

/** A model with `policy`, and its first version registered by `by` (CI unless given). */
async function newModel(policy: PolicyInput = GATES, version = "2026-01-15.1", by: Actor = ciActor): Promise<string> {
  const key = uniqueModelKey("it-life");
  await register(key, version, by);
  await testDb().model.update({ where: { key }, data: { policy: policy as object } });
  return key;
}

async function register(key: string, version: string, by: Actor = ciActor, edit?: (m: Manifest) => void): Promise<void> {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = version;
  delete m.parent_version;
  edit?.(m);
  const res = await registerVersion(testDb(), by, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
  expect(res.status).toBe(201);
}

function evaluate(key: string, version: string, body: unknown, token: string | null = ci.secret) {
  return callRoute(postEvaluationRoute, {
    method: "POST",
    path: `/api/v1/models/${key}/versions/${version}/evaluations`,
    params: { model: key, version },
    body,
    token: token ?? undefined,
  });
}

async function stageOf(key: string, version: string) {
  const v = await testDb().modelVersion.findFirstOrThrow({ where: { version, model: { key } }, select: { stage: true } });
  return v.stage;
}

async function auditOf(key: string) {
  return testDb().auditEvent.findMany({ where: { modelKey: key }, orderBy: { seq: "asc" } });
}

async function outboxOf(key: string) {
  return testDb().outboxEvent.findMany({ where: { modelKey: key }, orderBy: { id: "asc" } });
}

async function releaseOf(key: string) {
  return testDb().release.findFirst({ where: { model: { key }, environment: "production" } });
}

/**
 * Registers (unless registered), passes the gates and approves: the version ends in PROD. A
 * model's first version is stable at once; a later one starts its canary on approval, and
 * on-call completes it (promote now).
 */
async function ship(key: string, version: string, reviewer: User = approver, f1 = 0.93): Promise<void> {
  const exists = await testDb().modelVersion.count({ where: { version, model: { key } } });
  if (!exists) await register(key, version);
  const res = await recordEvaluation(testDb(), ciActor, { modelKey: key, version, dataset: DATASET, metrics: { f1 } });
  expect(res.body.stage).toBe("STAGING");
  const first = !(await releaseOf(key))?.stableVersion;
  const decided = await approveVersion(testDb(), asActor(reviewer), { modelKey: key, version });
  expect(decided.stage).toBe(first ? "PROD" : "ROLLING_OUT");
  if (!first) {
    const done = await promoteNow(testDb(), asActor(onCall), { modelKey: key, reason: "canary healthy" });
    expect(done).toMatchObject({ outcome: "completed", stable: version });
  }
  expect(await stageOf(key, version)).toBe("PROD");
}

/** The rejection of a promise, for asserting on typed errors. */
async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; message: string; issues?: { path: string }[] }> {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string };
  }
  throw new Error("expected a refusal");
}

// ---------------------------------------------------------------------------------------------

describe("POST /api/v1/models/{model}/versions/{version}/evaluations", () => {
  it("moves a passing DEV version to STAGING, audited with the policy as actor, with its outbox event", async () => {
    const key = await newModel();
    const res = await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93, auc: 0.97 } });
    expect(res.status).toBe(201);
    const body = await res.json<EvaluationBody>();
    expect(body).toMatchObject({ passed: true, reasons: [], stage: "STAGING", staged: true, baselineVersion: null });
    expect(body.gates).toEqual([
      expect.objectContaining({ gate: "absolute", metric: "f1", value: 0.93, threshold: 0.9, passed: true }),
      expect.objectContaining({
        gate: "regression",
        metric: "f1",
        passed: true,
        skipped: true,
        message: "no PROD version yet: regression gate skipped",
      }),
    ]);
    expect(await stageOf(key, "2026-01-15.1")).toBe("STAGING");

    const evaluation = await testDb().evaluation.findUniqueOrThrow({ where: { id: body.id } });
    expect(evaluation).toMatchObject({
      dataset: DATASET,
      metrics: { f1: 0.93, auc: 0.97 },
      passed: true,
      reasons: [],
      createdBy: ciActor.label,
    });

    const audit = await auditOf(key);
    expect(audit.map((e) => e.action)).toEqual(["model.created", "version.registered", "evaluation.recorded", "version.staged"]);
    expect(audit[2]).toMatchObject({
      actorType: "token",
      actorId: ci.id,
      subjectType: "model_version",
      subjectId: `${key}@2026-01-15.1`,
      requestId: res.headers.get("x-request-id"),
    });
    expect(audit[3]).toMatchObject({ actorType: "policy", actorId: body.id, actorLabel: "policy", subjectId: `${key}@2026-01-15.1` });
    expect(audit[3]?.before).toEqual({ version: "2026-01-15.1", stage: "DEV" });
    expect(audit[3]?.after).toEqual({ version: "2026-01-15.1", stage: "STAGING", evaluationId: body.id });

    const outbox = await outboxOf(key);
    expect(outbox.map((e) => e.type)).toEqual(["version.staged"]);
    expect(outbox[0]?.payload).toMatchObject({ model: key, version: "2026-01-15.1", stage: "STAGING", evaluationId: body.id });
  });

  it("answers 201 with every failed gate and stays DEV; a later passing evaluation stages it and both are kept", async () => {
    const key = await newModel({
      evalGates: [
        { metric: "f1", op: ">=", value: 0.9 },
        { metric: "calibration_error", op: "<=", value: 0.05 },
        { metric: "recall", op: ">=", value: 0.8 },
      ],
    });
    const failed = await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.88, calibration_error: 0.07 } });
    expect(failed.status).toBe(201);
    const body = await failed.json<EvaluationBody>();
    expect(body).toMatchObject({ passed: false, stage: "DEV", staged: false });
    expect(body.reasons).toEqual([
      "f1 = 0.88 is below the threshold: the policy requires f1 >= 0.9",
      "calibration_error = 0.07 is above the threshold: the policy requires calibration_error <= 0.05",
      "recall is missing from the evaluation; the policy requires recall >= 0.8",
    ]);
    expect(body.gates.filter((g) => !g.passed).map((g) => [g.metric, g.value, g.threshold])).toEqual([
      ["f1", 0.88, 0.9],
      ["calibration_error", 0.07, 0.05],
      ["recall", null, 0.8],
    ]);
    expect(await stageOf(key, "2026-01-15.1")).toBe("DEV");
    expect((await auditOf(key)).map((e) => e.action)).not.toContain("version.staged");
    expect(await outboxOf(key)).toEqual([]);

    const passed = await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.92, calibration_error: 0.04, recall: 0.85 } });
    expect((await passed.json<EvaluationBody>()).stage).toBe("STAGING");

    const list = await callRoute(listEvaluationsRoute, {
      path: `/api/v1/models/${key}/versions/2026-01-15.1/evaluations`,
      params: { model: key, version: "2026-01-15.1" },
      token: reader.secret,
    });
    expect(list.status).toBe(200);
    const listed = await list.json<{ stage: string; evaluations: { passed: boolean }[] }>();
    expect(listed.stage).toBe("STAGING");
    expect(listed.evaluations.map((e) => e.passed)).toEqual([true, false]);
  });

  it("re-evaluating a STAGING version is kept and moves nothing", async () => {
    const key = await newModel();
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const again = await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.95 } });
    expect(await again.json<EvaluationBody>()).toMatchObject({ passed: true, stage: "STAGING", staged: false });
    expect((await auditOf(key)).filter((e) => e.action === "version.staged")).toHaveLength(1);
    expect(await testDb().evaluation.count({ where: { version: { version: "2026-01-15.1", model: { key } } } })).toBe(2);
  });

  it("compares with the PROD version's metrics and shows value, threshold and baseline", async () => {
    const key = await newModel();
    await ship(key, "2026-01-15.1", approver, 0.93);
    await register(key, "2026-01-16.1");
    const res = await evaluate(key, "2026-01-16.1", { dataset: DATASET, metrics: { f1: 0.915 } });
    const body = await res.json<EvaluationBody>();
    expect(body).toMatchObject({ passed: false, stage: "DEV", baselineVersion: "2026-01-15.1" });
    const regression = body.gates.find((g) => g.gate === "regression");
    expect(regression).toMatchObject({ value: 0.915, threshold: 0.01, baseline: 0.93, baselineVersion: "2026-01-15.1", passed: false });
    expect(body.reasons).toEqual(["f1 = 0.915 dropped 0.015 from 0.93 in PROD 2026-01-15.1; the policy allows at most 0.01"]);
  });

  it("applies the replay gate when a replay is attached", async () => {
    const key = await newModel({ replay: { minAgreement: 0.97 } });
    await ship(key, "2026-01-15.1");
    await register(key, "2026-01-16.1");
    const low = await evaluate(key, "2026-01-16.1", {
      dataset: DATASET,
      metrics: { f1: 0.93 },
      replay: { baseline_version: "2026-01-15.1", cases: 5000, agreement: 0.95, disagreements: [{ request_id: "r-1" }] },
    });
    expect(await low.json<EvaluationBody>()).toMatchObject({
      passed: false,
      reasons: ["replay agreement 0.95 on 5000 cases vs 2026-01-15.1 is below the required 0.97"],
    });
    const stored = await testDb().evaluation.findFirstOrThrow({ where: { version: { version: "2026-01-16.1", model: { key } } } });
    expect(stored.replay).toMatchObject({ baseline_version: "2026-01-15.1", disagreements: [{ request_id: "r-1" }] });
    const good = await evaluate(key, "2026-01-16.1", {
      dataset: DATASET,
      metrics: { f1: 0.93 },
      replay: { baseline_version: "2026-01-15.1", cases: 5000, agreement: 0.99 },
    });
    expect((await good.json<EvaluationBody>()).stage).toBe("STAGING");
  });

  it("answers 422 naming every bad field and writes nothing", async () => {
    const key = await newModel();
    const before = await auditOf(key);
    const res = await evaluate(key, "2026-01-15.1", {
      dataset: "s3://evals/fraud/latest/holdout.parquet",
      metrics: { f1: "0.9", "bad name": 1 },
      replay: { baseline_version: "latest", cases: 0, agreement: 1.5 },
      notes: "x",
    });
    expect(res.status).toBe(422);
    const body = await res.json<ErrorBody>();
    expect(body.error.code).toBe("schema_error");
    expect(body.error.issues?.map((i) => i.path).sort()).toEqual(
      ["dataset", "metrics.f1", 'metrics["bad name"]', "notes", "replay.agreement", "replay.baseline_version", "replay.cases"].sort(),
    );
    const empty = await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: {} });
    expect((await empty.json<ErrorBody>()).error.issues).toEqual([
      { path: "metrics", message: 'must name at least one metric, e.g. {"f1": 0.91}' },
    ]);
    const notJson = await evaluate(key, "2026-01-15.1", "{not json");
    expect(notJson.status).toBe(422);
    expect(await auditOf(key)).toEqual(before);
    expect(await testDb().evaluation.count({ where: { version: { model: { key } } } })).toBe(0);
  });

  it("answers 404 for an unknown model or version, 401 without a token, 403 without registry:write", async () => {
    const key = await newModel();
    const body = { dataset: DATASET, metrics: { f1: 0.95 } };
    const noModel = await evaluate(uniqueModelKey("it-none"), "2026-01-15.1", body);
    expect(noModel.status).toBe(404);
    const noVersion = await evaluate(key, "2026-02-01.1", body);
    expect(noVersion.status).toBe(404);
    expect((await noVersion.json<ErrorBody>()).error.message).toBe(`Model "${key}" has no version 2026-02-01.1.`);
    expect((await evaluate(key, "2026-01-15.1", body, null)).status).toBe(401);
    expect((await evaluate(key, "2026-01-15.1", body, reader.secret)).status).toBe(403);
    expect(await stageOf(key, "2026-01-15.1")).toBe("DEV");
  });

  it("lets a signed-in user list evaluations", async () => {
    const key = await newModel();
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.95 } });
    signInAs(await createUser("viewer"));
    try {
      const res = await callRoute(listEvaluationsRoute, {
        path: `/api/v1/models/${key}/versions/2026-01-15.1/evaluations`,
        params: { model: key, version: "2026-01-15.1" },
      });
      expect(res.status).toBe(200);
      expect((await res.json<{ evaluations: unknown[] }>()).evaluations).toHaveLength(1);
    } finally {
      signInAs(null);
    }
  });

  it("refuses to evaluate against a broken stored policy, naming the policy field", async () => {
    const key = await newModel({});
    await testDb().model.update({ where: { key }, data: { policy: { evalGates: [{ metric: "f1", op: ">=", value: "high" }] } } });
    const res = await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.95 } });
    expect(res.status).toBe(422);
    const body = await res.json<ErrorBody>();
    expect(body.error.issues?.map((i) => i.path)).toEqual(["policy.evalGates[0].value"]);
    expect(await testDb().evaluation.count({ where: { version: { model: { key } } } })).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe("approvals", () => {
  it("a model's first version: the required approval makes it stable at once — Release pointer, epoch, stage, audit and outbox in one go", async () => {
    const key = await newModel();
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const result = await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1", comment: "diff reviewed" });
    expect(result).toMatchObject({
      decision: "approved",
      stage: "PROD",
      approvals: { approved: 1, required: 1, approvers: [approver.email] },
    });
    expect(result.promotion).toEqual({
      epoch: 1,
      outcome: "completed",
      mode: "canary",
      candidatePercent: null,
      stableVersion: "2026-01-15.1",
      previousStableVersion: null,
      retired: [],
    });
    const v = await testDb().modelVersion.findFirstOrThrow({ where: { version: "2026-01-15.1", model: { key } } });
    expect(v.stage).toBe("PROD");
    expect(v.promotedAt).not.toBeNull();
    expect(await releaseOf(key)).toMatchObject({
      stableVersion: "2026-01-15.1",
      previousStableVersion: null,
      candidateVersion: null,
      state: "idle",
      epoch: 1,
    });

    // The release's event first, then the version's stage change (lib/rollout), after the approval.
    const audit = (await auditOf(key)).slice(-3);
    expect(audit.map((e) => e.action)).toEqual(["approval.decided", "release.completed", "version.promoted"]);
    expect(audit[0]).toMatchObject({ actorType: "user", actorId: approver.id, actorLabel: approver.email, reason: "diff reviewed" });
    const why = `approved by ${approver.email} (1 of 1 required)`;
    expect(audit[1]).toMatchObject({
      actorType: "user",
      actorLabel: approver.email,
      subjectType: "release",
      subjectId: `${key}/production`,
      reason: why,
    });
    expect(audit[1]?.after).toMatchObject({ stableVersion: "2026-01-15.1", candidateVersion: null, epoch: 1 });
    expect(audit[2]).toMatchObject({ actorType: "user", actorLabel: approver.email, subjectId: `${key}@2026-01-15.1`, reason: why });
    expect(audit[2]?.before).toEqual({ version: "2026-01-15.1", stage: "STAGING" });
    expect(audit[2]?.after).toMatchObject({ version: "2026-01-15.1", stage: "PROD" });
    const outbox = await outboxOf(key);
    expect(outbox.map((e) => e.type)).toEqual(["version.staged", "approval.decided", "release.completed", "version.promoted"]);
    expect(outbox[3]?.payload).toMatchObject({ model: key, version: "2026-01-15.1", stage: "PROD", previousStableVersion: null, epoch: 1 });
  });

  it("a later version: the required approval starts its canary at the first ramp step, in the same transaction", async () => {
    const key = await newModel();
    await ship(key, "2026-01-15.1");
    await register(key, "2026-01-16.1");
    await evaluate(key, "2026-01-16.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const result = await approveVersion(testDb(), asActor(approver2), { modelKey: key, version: "2026-01-16.1", comment: "canary it" });
    expect(result).toMatchObject({ decision: "approved", stage: "ROLLING_OUT", approvals: { approved: 1, required: 1 } });
    expect(result.promotion).toEqual({
      epoch: 2,
      outcome: "started",
      mode: "canary",
      candidatePercent: 5,
      stableVersion: "2026-01-15.1",
      previousStableVersion: null,
      retired: [],
    });
    expect(await stageOf(key, "2026-01-15.1")).toBe("PROD");
    expect(await stageOf(key, "2026-01-16.1")).toBe("ROLLING_OUT");
    const release = await releaseOf(key);
    expect(release).toMatchObject({
      stableVersion: "2026-01-15.1",
      candidateVersion: "2026-01-16.1",
      candidatePercent: 5,
      mode: "canary",
      state: "ramping",
      steps: [5, 25, 50, 100],
      stepIndex: 0,
      bakeMinutes: 30,
      epoch: 2,
    });
    expect(release?.rolloutStartedAt).not.toBeNull();
    const v = await testDb().modelVersion.findFirstOrThrow({ where: { version: "2026-01-16.1", model: { key } } });
    expect(v.promotedAt).toBeNull(); // promoted only when the rollout completes

    const why = `approved by ${approver2.email} (1 of 1 required)`;
    const audit = (await auditOf(key)).slice(-3);
    expect(audit.map((e) => [e.action, e.subjectId, e.actorLabel, e.reason])).toEqual([
      ["approval.decided", `${key}@2026-01-16.1`, approver2.email, "canary it"],
      ["release.started", `${key}/production`, approver2.email, why],
      ["version.rolling_out", `${key}@2026-01-16.1`, approver2.email, why],
    ]);
    const outbox = (await outboxOf(key)).slice(-2);
    expect(outbox.map((e) => e.type)).toEqual(["approval.decided", "release.started"]);
    expect(outbox[1]?.payload).toMatchObject({
      model: key,
      version: "2026-01-16.1",
      stable: "2026-01-15.1",
      mode: "canary",
      percent: 5,
      epoch: 2,
      previousEpoch: 1,
    });

    // on-call completes it: the old stable stays warm as the rollback target
    await promoteNow(testDb(), asActor(onCall), { modelKey: key });
    expect(await stageOf(key, "2026-01-16.1")).toBe("PROD");
    expect(await stageOf(key, "2026-01-15.1")).toBe("PROD_PREVIOUS");
    expect(await releaseOf(key)).toMatchObject({
      stableVersion: "2026-01-16.1",
      previousStableVersion: "2026-01-15.1",
      candidateVersion: null,
      epoch: 3,
    });
    expect((await outboxOf(key)).map((e) => e.type).slice(-2)).toEqual(["release.completed", "version.promoted"]);
  });

  it("follows the manifest's rollout strategy: blue-green takes 100 % as the candidate, shadow gets a copy of the traffic", async () => {
    const key = await newModel();
    await ship(key, "2026-01-15.1");
    await register(key, "2026-01-16.1", ciActor, (m) => {
      m.rollout = { strategy: "blue_green", initial_traffic_percent: 100 };
    });
    await evaluate(key, "2026-01-16.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const bg = await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-16.1" });
    expect(bg.stage).toBe("ROLLING_OUT");
    expect(bg.promotion).toMatchObject({ outcome: "started", mode: "blue_green", candidatePercent: 100, stableVersion: "2026-01-15.1" });
    // the old stable stays PROD, warm, until the switch completes
    expect(await stageOf(key, "2026-01-15.1")).toBe("PROD");
    expect(await releaseOf(key)).toMatchObject({
      mode: "blue_green",
      candidateVersion: "2026-01-16.1",
      candidatePercent: 100,
      steps: [100],
    });
    await promoteNow(testDb(), asActor(onCall), { modelKey: key });

    await register(key, "2026-01-17.1", ciActor, (m) => {
      m.rollout = { strategy: "shadow", initial_traffic_percent: 20 };
    });
    await evaluate(key, "2026-01-17.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const shadow = await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-17.1" });
    expect(shadow.stage).toBe("ROLLING_OUT");
    expect(shadow.promotion).toMatchObject({
      outcome: "started",
      mode: "shadow",
      candidatePercent: 20,
      stableVersion: "2026-01-16.1",
      previousStableVersion: "2026-01-15.1",
    });
    expect(await releaseOf(key)).toMatchObject({ mode: "shadow", candidateVersion: "2026-01-17.1", candidatePercent: 20, steps: [] });
  });

  it("keeps the old PROD warm as PROD_PREVIOUS and retires the one before", async () => {
    const key = await newModel();
    await ship(key, "2026-01-15.1");
    await ship(key, "2026-01-16.1");
    expect(await stageOf(key, "2026-01-15.1")).toBe("PROD_PREVIOUS");
    // epoch 1: the first version; then each later version moves it twice (approval starts the
    // rollout, on-call completes it)
    expect(await releaseOf(key)).toMatchObject({ stableVersion: "2026-01-16.1", previousStableVersion: "2026-01-15.1", epoch: 3 });
    await ship(key, "2026-01-17.1");
    expect(await stageOf(key, "2026-01-15.1")).toBe("RETIRED");
    expect(await stageOf(key, "2026-01-16.1")).toBe("PROD_PREVIOUS");
    expect(await stageOf(key, "2026-01-17.1")).toBe("PROD");
    expect(await releaseOf(key)).toMatchObject({ stableVersion: "2026-01-17.1", previousStableVersion: "2026-01-16.1", epoch: 5 });
    const audit = await auditOf(key);
    expect(audit.filter((e) => e.action === "version.superseded").map((e) => e.subjectId)).toEqual([
      `${key}@2026-01-15.1`,
      `${key}@2026-01-16.1`,
    ]);
    expect(audit.filter((e) => e.action === "version.retired").map((e) => e.subjectId)).toEqual([`${key}@2026-01-15.1`]);
  });

  it("refuses the registrant, even as an admin (four-eyes), and writes nothing", async () => {
    const author = await createUser("admin");
    const key = await newModel(GATES, "2026-01-15.1", asActor(author));
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const before = { audit: await auditOf(key), outbox: await outboxOf(key) };
    const e = await refusal(approveVersion(testDb(), asActor(author), { modelKey: key, version: "2026-01-15.1" }));
    expect(e.status).toBe(403);
    expect(e.message).toBe(
      "you registered 2026-01-15.1, so you cannot approve it: four-eyes requires a reviewer other than the registrant (admins included).",
    );
    expect(await testDb().approval.count({ where: { version: { model: { key } } } })).toBe(0);
    expect({ audit: await auditOf(key), outbox: await outboxOf(key) }).toEqual(before);
    expect(await stageOf(key, "2026-01-15.1")).toBe("STAGING");
    // someone else may
    expect((await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1" })).stage).toBe("PROD");
  });

  it("treats the creator of the registering API token as the registrant (four-eyes through CI)", async () => {
    const author = await createUser("admin");
    const token = await createApiToken(["registry:write"], uniqueId("ci"), { createdById: author.id });
    const ci = { type: "token" as const, id: token.id, label: "ci", scopes: ["registry:write"] };
    const key = await newModel(GATES, "2026-01-15.1", ci);
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const e = await refusal(approveVersion(testDb(), asActor(author), { modelKey: key, version: "2026-01-15.1" }));
    expect(e.status).toBe(403);
    expect(e.message).toContain("four-eyes");
    expect((await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1" })).stage).toBe("PROD");
  });

  it("refuses viewers, operators and API tokens", async () => {
    const key = await newModel();
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    for (const role of ["viewer", "operator"] as const) {
      const e = await refusal(approveVersion(testDb(), asActor(await createUser(role)), { modelKey: key, version: "2026-01-15.1" }));
      expect(e.status).toBe(403);
      expect(e.message).toBe(`Your role (${role}) cannot approve or reject versions; an approver or admin must decide.`);
    }
    const e = await refusal(approveVersion(testDb(), ciActor, { modelKey: key, version: "2026-01-15.1" }));
    expect(e.status).toBe(403);
    expect(await stageOf(key, "2026-01-15.1")).toBe("STAGING");
  });

  it("needs two distinct people when the policy requires two approvals", async () => {
    const key = await newModel({ ...GATES, approvals: { required: 2 } });
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const first = await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1" });
    expect(first).toMatchObject({ stage: "STAGING", approvals: { approved: 1, required: 2 }, promotion: null });
    expect(await releaseOf(key)).toBeNull();

    const again = await refusal(approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1" }));
    expect(again.status).toBe(409);
    expect(again.message).toMatch(/^you already approved 2026-01-15\.1 at .+; each reviewer decides once\.$/);
    expect(await stageOf(key, "2026-01-15.1")).toBe("STAGING");

    const second = await approveVersion(testDb(), asActor(approver2), { modelKey: key, version: "2026-01-15.1" });
    expect(second).toMatchObject({ stage: "PROD", approvals: { approved: 2, required: 2, approvers: [approver.email, approver2.email] } });
    expect(await releaseOf(key)).toMatchObject({ stableVersion: "2026-01-15.1", epoch: 1 });
    const promoted = (await auditOf(key)).filter((e) => e.action === "version.promoted");
    expect(promoted).toHaveLength(1);
    expect(promoted[0]?.reason).toBe(`approved by ${approver.email}, ${approver2.email} (2 of 2 required)`);
    expect((await outboxOf(key)).map((e) => e.type)).toEqual([
      "version.staged",
      "approval.decided",
      "approval.decided",
      "release.completed",
      "version.promoted",
    ]);
  });

  it("refuses to approve a version that is not STAGING: DEV (no skipping to PROD), PROD, REJECTED, rolling out", async () => {
    const key = await newModel();
    const dev = await refusal(approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1" }));
    expect(dev.status).toBe(409);
    expect(dev.message).toBe(
      "cannot approve 2026-01-15.1: only STAGING versions are reviewed, and it is DEV; a version reaches PROD only through STAGING " +
        "and an approval, and it enters STAGING when an evaluation passes its gates.",
    );
    expect(await stageOf(key, "2026-01-15.1")).toBe("DEV");
    expect(await releaseOf(key)).toBeNull();

    await ship(key, "2026-01-15.1");
    const prod = await refusal(approveVersion(testDb(), asActor(approver2), { modelKey: key, version: "2026-01-15.1" }));
    expect(prod.status).toBe(409);
    expect(prod.message).toBe("cannot approve 2026-01-15.1: only STAGING versions are reviewed, and it is PROD.");

    await register(key, "2026-01-16.1");
    await evaluate(key, "2026-01-16.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    await rejectVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-16.1", comment: "calibration drift" });
    const rejected = await refusal(approveVersion(testDb(), asActor(approver2), { modelKey: key, version: "2026-01-16.1" }));
    expect(rejected.message).toBe("cannot approve 2026-01-16.1: only STAGING versions are reviewed, and it is rejected.");

    await register(key, "2026-01-16.2");
    await evaluate(key, "2026-01-16.2", { dataset: DATASET, metrics: { f1: 0.93 } });
    expect((await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-16.2" })).stage).toBe("ROLLING_OUT");
    const rolling = await refusal(approveVersion(testDb(), asActor(approver2), { modelKey: key, version: "2026-01-16.2" }));
    expect(rolling.status).toBe(409);
    expect(rolling.message).toBe("cannot approve 2026-01-16.2: only STAGING versions are reviewed, and it is rolling out.");
  });

  it("rejects with a required comment: STAGING → REJECTED, audited, with outbox events", async () => {
    const key = await newModel({ ...GATES, approvals: { required: 2 } });
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1" });
    const noComment = await refusal(rejectVersion(testDb(), asActor(approver2), { modelKey: key, version: "2026-01-15.1", comment: "  " }));
    expect(noComment.status).toBe(422);
    expect(noComment.issues?.map((i) => i.path)).toEqual(["comment"]);

    const result = await rejectVersion(testDb(), asActor(approver2), {
      modelKey: key,
      version: "2026-01-15.1",
      comment: "f1 on the EU slice fell",
    });
    expect(result).toMatchObject({ decision: "rejected", stage: "REJECTED", promotion: null });
    expect(await stageOf(key, "2026-01-15.1")).toBe("REJECTED");
    const audit = (await auditOf(key)).slice(-2);
    expect(audit.map((e) => [e.action, e.actorLabel, e.reason])).toEqual([
      ["approval.decided", approver2.email, "f1 on the EU slice fell"],
      ["version.rejected", approver2.email, "f1 on the EU slice fell"],
    ]);
    expect((await outboxOf(key)).map((e) => e.type).slice(-2)).toEqual(["approval.decided", "version.rejected"]);
  });

  it("lets the registrant withdraw their own version by rejecting it", async () => {
    const author = await createUser("approver");
    const key = await newModel(GATES, "2026-01-15.1", asActor(author));
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const result = await rejectVersion(testDb(), asActor(author), {
      modelKey: key,
      version: "2026-01-15.1",
      comment: "withdrawn: wrong snapshot",
    });
    expect(result.stage).toBe("REJECTED");
  });

  it("refuses to approve when the latest evaluation failed", async () => {
    const key = await newModel();
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.5 } });
    const e = await refusal(approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-15.1" }));
    expect(e.status).toBe(409);
    expect(e.message).toMatch(
      /^cannot approve 2026-01-15\.1: its latest evaluation \(\w+\) failed its gates: f1 = 0\.5 is below the threshold/,
    );
    expect(await stageOf(key, "2026-01-15.1")).toBe("STAGING");
  });

  it("writes nothing — approval, audit, outbox — when the rollout it would start is refused; after a rollback it starts", async () => {
    const key = await newModel();
    await ship(key, "2026-01-15.1");
    await register(key, "2026-01-16.1");
    await evaluate(key, "2026-01-16.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    // Another approved version's canary is running: a second rollout must not cut it short.
    await register(key, "2026-01-16.2");
    await evaluate(key, "2026-01-16.2", { dataset: DATASET, metrics: { f1: 0.93 } });
    expect((await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-16.2" })).stage).toBe("ROLLING_OUT");
    const release = await releaseOf(key);
    const before = { audit: await auditOf(key), outbox: await outboxOf(key) };

    const e = await refusal(approveVersion(testDb(), asActor(approver2), { modelKey: key, version: "2026-01-16.1" }));
    expect(e.status).toBe(409);
    expect(e.message).toBe(
      `cannot promote 2026-01-16.1: a rollout of 2026-01-16.2 is in progress on model "${key}"; finish or roll it back first.`,
    );
    expect(await testDb().approval.count({ where: { version: { version: "2026-01-16.1", model: { key } } } })).toBe(0);
    expect({ audit: await auditOf(key), outbox: await outboxOf(key) }).toEqual(before);
    expect(await releaseOf(key)).toMatchObject({ stableVersion: "2026-01-15.1", candidateVersion: "2026-01-16.2", epoch: release!.epoch });
    expect(await stageOf(key, "2026-01-16.1")).toBe("STAGING");

    // On-call rolls the canary back; the release is free again and the approval starts 16.1's rollout.
    await rollback(testDb(), asActor(onCall), { modelKey: key, reason: "error rate doubled at 5 %" });
    // rolled back, not rejected: back in review, needing a new approval
    expect(await stageOf(key, "2026-01-16.2")).toBe("STAGING");
    const retried = await approveVersion(testDb(), asActor(approver2), { modelKey: key, version: "2026-01-16.1" });
    expect(retried).toMatchObject({
      stage: "ROLLING_OUT",
      promotion: { outcome: "started", candidatePercent: 5, epoch: release!.epoch + 2 },
    });
    expect(await releaseOf(key)).toMatchObject({ stableVersion: "2026-01-15.1", candidateVersion: "2026-01-16.1", state: "ramping" });
  });
});

// ---------------------------------------------------------------------------------------------

describe("concurrent approvals", () => {
  let approvers: User[];

  beforeAll(async () => {
    approvers = [];
    for (let i = 0; i < 20; i++) approvers.push(await createUser(i % 2 === 0 ? "approver" : "admin"));
  });

  it("20 reviewers at once: exactly one decision, one rollout started, epoch + 1 once, audit and outbox consistent", async () => {
    const key = await newModel();
    await ship(key, "2026-01-15.1");
    await register(key, "2026-01-16.1");
    await evaluate(key, "2026-01-16.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const epochBefore = (await releaseOf(key))!.epoch;

    const results = await Promise.allSettled(
      approvers.map((u) => approveVersion(testDb(), asActor(u), { modelKey: key, version: "2026-01-16.1" })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as { status: number; message: string }] : []));
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const e of refused) {
      expect(e.status).toBe(409);
      expect(e.message).toBe("cannot approve 2026-01-16.1: only STAGING versions are reviewed, and it is rolling out.");
    }
    const winner = ok[0]!.value;
    expect(winner).toMatchObject({ stage: "ROLLING_OUT", promotion: { outcome: "started", epoch: epochBefore + 1, candidatePercent: 5 } });

    expect(await testDb().approval.count({ where: { version: { version: "2026-01-16.1", model: { key } } } })).toBe(1);
    expect(await releaseOf(key)).toMatchObject({
      stableVersion: "2026-01-15.1",
      candidateVersion: "2026-01-16.1",
      candidatePercent: 5,
      state: "ramping",
      epoch: epochBefore + 1,
    });
    expect(await stageOf(key, "2026-01-16.1")).toBe("ROLLING_OUT");
    const all = await auditOf(key);
    const audit = all.filter((e) => e.subjectId === `${key}@2026-01-16.1`);
    expect(audit.filter((e) => e.action === "approval.decided")).toHaveLength(1);
    expect(audit.filter((e) => e.action === "version.rolling_out")).toHaveLength(1);
    expect(all.filter((e) => e.action === "release.started")).toHaveLength(1);
    const versionOutbox = (await outboxOf(key)).filter((e) => (e.payload as { version?: string }).version === "2026-01-16.1");
    expect(versionOutbox.map((e) => e.type)).toEqual(["version.staged", "approval.decided", "release.started"]);
  });

  it("20 reviewers at once with two required: two decisions, one promotion", async () => {
    const key = await newModel({ ...GATES, approvals: { required: 2 } });
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const results = await Promise.allSettled(
      approvers.map((u) => approveVersion(testDb(), asActor(u), { modelKey: key, version: "2026-01-15.1" })),
    );
    const ok = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    expect(ok).toHaveLength(2);
    expect(ok.filter((r) => r.promotion !== null)).toHaveLength(1);
    expect(await testDb().approval.count({ where: { version: { model: { key } } } })).toBe(2);
    expect(await releaseOf(key)).toMatchObject({ stableVersion: "2026-01-15.1", epoch: 1 });
    const audit = await auditOf(key);
    expect(audit.filter((e) => e.action === "approval.decided")).toHaveLength(2);
    expect(audit.filter((e) => e.action === "release.completed")).toHaveLength(1);
    expect(audit.filter((e) => e.action === "version.promoted")).toHaveLength(1);
  });

  it("one reviewer double-clicking 20 times: one decision", async () => {
    const key = await newModel({ ...GATES, approvals: { required: 2 } });
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const reviewer = asActor(approvers[0]!);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => approveVersion(testDb(), reviewer, { modelKey: key, version: "2026-01-15.1" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as { status: number }).status).toBe(409);
    }
    expect(await testDb().approval.count({ where: { version: { model: { key } } } })).toBe(1);
    expect(await stageOf(key, "2026-01-15.1")).toBe("STAGING");
    expect((await auditOf(key)).filter((e) => e.action === "approval.decided")).toHaveLength(1);
  });

  it("simultaneous passing evaluations stage the version once", async () => {
    const key = await newModel();
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        recordEvaluation(testDb(), ciActor, { modelKey: key, version: "2026-01-15.1", dataset: DATASET, metrics: { f1: 0.95 } }),
      ),
    );
    expect(results.every((r) => r.body.stage === "STAGING")).toBe(true);
    expect(results.filter((r) => r.body.staged)).toHaveLength(1);
    expect((await auditOf(key)).filter((e) => e.action === "version.staged")).toHaveLength(1);
    expect(await testDb().evaluation.count({ where: { version: { model: { key } } } })).toBe(5);
  });
});

// ---------------------------------------------------------------------------------------------

describe("deprecation and archiving", () => {
  let operator: User;

  beforeAll(async () => {
    operator = await createUser("operator");
  });

  it("refuses to deprecate a serving version: stable, previous stable, candidate, tenant-pinned", async () => {
    const key = await newModel();
    await ship(key, "2026-01-15.1");
    await ship(key, "2026-01-16.1");
    // 17.1: approved, its canary running; 17.2: pinned for one tenant
    await register(key, "2026-01-17.1");
    await evaluate(key, "2026-01-17.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    expect((await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-17.1" })).stage).toBe("ROLLING_OUT");
    await register(key, "2026-01-17.2");
    await pinTenant(testDb(), asActor(operator), { modelKey: key, tenant: "acme", version: "2026-01-17.2", reason: "acme tests the fix" });
    const before = await auditOf(key);

    const cases: [string, string][] = [
      ["2026-01-16.1", "it is the stable version of the production release"],
      ["2026-01-15.1", "it is the rollback target (previous stable) of the production release"],
      ["2026-01-17.1", "it is the candidate being rolled out in the production release"],
      ["2026-01-17.2", "tenant acme is pinned to it"],
    ];
    for (const [version, why] of cases) {
      const e = await refusal(deprecateVersion(testDb(), asActor(operator), { modelKey: key, version, reason: "superseded" }));
      expect(e.status).toBe(409);
      expect(e.message).toBe(`cannot deprecate ${version}: it is serving traffic — ${why}. Move traffic off it first.`);
      const a = await refusal(archiveVersion(testDb(), asActor(operator), { modelKey: key, version }));
      expect(a.message).toBe(`cannot archive ${version}: it is serving traffic — ${why}. Move traffic off it first.`);
    }
    expect(await auditOf(key)).toEqual(before);
    expect(await stageOf(key, "2026-01-17.2")).toBe("DEV");
  });

  it("deprecates a non-serving version with a date and a reason, audited, with its outbox event", async () => {
    const key = await newModel();
    const result = await deprecateVersion(testDb(), asActor(operator), {
      modelKey: key,
      version: "2026-01-15.1",
      at: "2026-03-01",
      reason: "trained on the pre-2026 schema; use 2026-02 versions",
    });
    expect(result).toMatchObject({ stage: "DEPRECATED", previousStage: "DEV", deprecatesAt: "2026-03-01T00:00:00.000Z" });
    const v = await testDb().modelVersion.findFirstOrThrow({ where: { version: "2026-01-15.1", model: { key } } });
    expect(v).toMatchObject({ stage: "DEPRECATED", deprecationReason: "trained on the pre-2026 schema; use 2026-02 versions" });
    expect(v.deprecatesAt?.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    const last = (await auditOf(key)).at(-1);
    expect(last).toMatchObject({
      action: "version.deprecated",
      actorLabel: operator.email,
      reason: "trained on the pre-2026 schema; use 2026-02 versions",
    });
    expect((await outboxOf(key)).map((e) => e.type)).toEqual(["version.deprecated"]);

    const twice = await refusal(deprecateVersion(testDb(), asActor(operator), { modelKey: key, version: "2026-01-15.1", reason: "again" }));
    expect(twice.message).toBe("cannot move 2026-01-15.1 from DEPRECATED to DEPRECATED: it is already deprecated.");
  });

  it("deprecation needs an operator or admin and a reason", async () => {
    const key = await newModel();
    for (const role of ["viewer", "approver"] as const) {
      const e = await refusal(
        deprecateVersion(testDb(), asActor(await createUser(role)), { modelKey: key, version: "2026-01-15.1", reason: "old" }),
      );
      expect(e.status).toBe(403);
    }
    expect((await refusal(deprecateVersion(testDb(), ciActor, { modelKey: key, version: "2026-01-15.1", reason: "old" }))).status).toBe(
      403,
    );
    const noReason = await refusal(deprecateVersion(testDb(), asActor(operator), { modelKey: key, version: "2026-01-15.1", reason: "" }));
    expect(noReason.status).toBe(422);
    const badDate = await refusal(
      deprecateVersion(testDb(), asActor(operator), { modelKey: key, version: "2026-01-15.1", at: "next week", reason: "old" }),
    );
    expect(badDate.issues?.map((i) => i.path)).toEqual(["at"]);
    expect(await stageOf(key, "2026-01-15.1")).toBe("DEV");
  });

  it("keeps the last three versions that were PROD (gold) and archives the rest; archived is final", async () => {
    const key = await newModel();
    for (const v of ["2026-01-15.1", "2026-01-16.1", "2026-01-17.1", "2026-01-18.1"]) await ship(key, v);
    // .1 and .2 retired, .3 is PROD_PREVIOUS, .4 PROD; gold = the last three promoted
    expect(await stageOf(key, "2026-01-15.1")).toBe("RETIRED");
    expect(await stageOf(key, "2026-01-16.1")).toBe("RETIRED");
    const gold = await refusal(archiveVersion(testDb(), asActor(operator), { modelKey: key, version: "2026-01-16.1" }));
    expect(gold.status).toBe(409);
    expect(gold.message).toBe(
      "cannot archive 2026-01-16.1: it is one of the last three versions that were PROD (2026-01-18.1, 2026-01-17.1, 2026-01-16.1), " +
        "which are kept as rollback targets and audit evidence.",
    );
    const archived = await archiveVersion(testDb(), asActor(operator), {
      modelKey: key,
      version: "2026-01-15.1",
      reason: "past retention",
    });
    expect(archived).toMatchObject({ stage: "ARCHIVED", previousStage: "RETIRED" });
    expect((await auditOf(key)).at(-1)).toMatchObject({ action: "version.archived", reason: "past retention" });
    expect((await outboxOf(key)).at(-1)?.type).toBe("version.archived");

    const again = await refusal(archiveVersion(testDb(), asActor(operator), { modelKey: key, version: "2026-01-15.1" }));
    expect(again.message).toBe("cannot move 2026-01-15.1 from ARCHIVED to ARCHIVED: it is already archived.");
    const evaluated = await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.99 } });
    expect(evaluated.status).toBe(409);
    expect((await evaluated.json<ErrorBody>()).error.message).toBe(
      "cannot evaluate 2026-01-15.1: it is archived, and archived versions are final.",
    );
  });

  it("refuses to archive a STAGING version waiting for review, and archives a deprecated one", async () => {
    const key = await newModel();
    await evaluate(key, "2026-01-15.1", { dataset: DATASET, metrics: { f1: 0.93 } });
    const staging = await refusal(archiveVersion(testDb(), asActor(operator), { modelKey: key, version: "2026-01-15.1" }));
    expect(staging.message).toBe(
      "cannot move 2026-01-15.1 from STAGING to ARCHIVED: it is waiting for a review; reject or deprecate it first.",
    );
    await deprecateVersion(testDb(), asActor(operator), { modelKey: key, version: "2026-01-15.1", reason: "abandoned" });
    const archived = await archiveVersion(testDb(), asActor(operator), { modelKey: key, version: "2026-01-15.1" });
    expect(archived).toMatchObject({ stage: "ARCHIVED", previousStage: "DEPRECATED", deprecationReason: "abandoned" });
  });
});
