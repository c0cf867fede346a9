// A model's policy as code, and a version's retirement, against a real database: saving a
// policy through the Settings action (validated, normalised, audited, refused when stale or
// by a non-admin), deprecating and archiving through the version page's actions (role checks,
// the server's refusal for a serving version), and the pages that show them. Every test makes
// its own model and users.
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import ModelPage from "../../app/(dashboard)/models/[modelId]/(overview)/page";
import ModelSettingsPage from "../../app/(dashboard)/models/[modelId]/settings/page";
import VersionPage from "../../app/(dashboard)/models/[modelId]/versions/[version]/page";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import { retirementOptions } from "../../lib/lifecycle/page-queries";
import { DEFAULT_POLICY, type PolicyInput } from "../../lib/policy/policy";
import { updatePolicyAction } from "../../lib/lifecycle/policy-actions";
import { policyText } from "../../lib/policy/policy-draft";
import { updatePolicy } from "../../lib/lifecycle/policy-service";
import { approveVersion, recordEvaluation } from "../../lib/lifecycle/service";
import { archiveVersionAction, deprecateVersionAction } from "../../lib/lifecycle/version-actions";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { promoteNow } from "../../lib/rollout/service";
import { testDb } from "./support/db";
import { createUser, uniqueModelKey } from "./support/factories";
import { RedirectError } from "./support/navigation";
import { signInAs } from "./support/session";

const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });
const ci: Actor = { type: "token", id: "policy-test-ci", label: "policy-test-ci", scopes: ["registry:write"] };
const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";

let admin: User;
let approver: User;
let operator: User;

beforeAll(async () => {
  admin = await createUser("admin");
  approver = await createUser("approver");
  operator = await createUser("operator");
});

async function register(key: string, version: string): Promise<void> {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = version;
  delete m.parent_version;
  const res = await registerVersion(testDb(), ci, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
  expect(res.status).toBe(201);
}

/** A model with one DEV version and the column default policy `{}`. */
async function newModel(version = "2026-01-15.1"): Promise<string> {
  const key = uniqueModelKey("it-policy");
  await register(key, version);
  return key;
}

async function modelRow(key: string) {
  return testDb().model.findUniqueOrThrow({ where: { key }, select: { policy: true, updatedAt: true } });
}

async function auditOf(key: string) {
  return testDb().auditEvent.findMany({ where: { modelKey: key }, orderBy: { seq: "asc" } });
}

/**
 * Evaluates with f1 and approves: the version ends in PROD. A model's first version is stable at
 * once; a later one starts its rollout on approval, which the operator completes (promote now).
 */
async function ship(key: string, version: string): Promise<void> {
  const exists = await testDb().modelVersion.count({ where: { version, model: { key } } });
  if (!exists) await register(key, version);
  const evaluated = await recordEvaluation(testDb(), ci, { modelKey: key, version, dataset: DATASET, metrics: { f1: 0.93 } });
  expect(evaluated.body.stage).toBe("STAGING");
  const decided = await approveVersion(testDb(), asActor(approver), { modelKey: key, version });
  if (decided.stage === "ROLLING_OUT") await promoteNow(testDb(), asActor(operator), { modelKey: key });
  const { stage } = await testDb().modelVersion.findFirstOrThrow({ where: { version, model: { key } }, select: { stage: true } });
  expect(stage).toBe("PROD");
}

/** Rendered HTML without React's text separators, so adjacent text reads as on screen. */
const text = (html: string) => html.replaceAll("<!-- -->", "");

const GATED: PolicyInput = {
  evalGates: [{ metric: "f1", op: ">=", value: 0.9 }],
  approvals: { required: 2 },
  rollout: { steps: [10, 50, 100], bakeMinutes: 45 },
};

// ---------------------------------------------------------------------------------------------

describe("updatePolicyAction (Settings → Policy)", () => {
  it("stores the normalised policy and audits model.policy_updated with before and after", async () => {
    const key = await newModel();
    const before = await modelRow(key);
    expect(before.policy).toEqual({});
    signInAs(admin);
    const result = await updatePolicyAction({ model: key, policy: JSON.stringify(GATED), updatedAt: before.updatedAt.toISOString() });
    expect(result.ok).toBe(true);
    if (!result.ok) return;

    const expected = {
      ...DEFAULT_POLICY,
      ...GATED,
      approvals: { ...DEFAULT_POLICY.approvals, required: 2 },
      rollout: { steps: [10, 50, 100], bakeMinutes: 45 },
    };
    expect(result.data).toMatchObject({ model: key, changed: true, policy: expected });
    const after = await modelRow(key);
    expect(after.policy).toEqual(expected);
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
    expect(result.data.updatedAt).toBe(after.updatedAt.toISOString());

    const last = (await auditOf(key)).at(-1);
    expect(last).toMatchObject({
      action: "model.policy_updated",
      actorType: "user",
      actorId: admin.id,
      subjectType: "model",
      subjectId: key,
      before: {},
      after: expected,
    });
    expect(last?.reason).toBe("changed approvals.required, evalGates, rollout.bakeMinutes, rollout.steps");

    // the gates apply from the next evaluation
    const evaluated = await recordEvaluation(testDb(), ci, {
      modelKey: key,
      version: "2026-01-15.1",
      dataset: DATASET,
      metrics: { f1: 0.85 },
    });
    expect(evaluated.body).toMatchObject({ passed: false, stage: "DEV" });
  });

  it("writes nothing when the policy is saved unchanged", async () => {
    const key = await newModel();
    const first = await updatePolicy(testDb(), asActor(admin), { modelKey: key, policy: GATED as Record<string, unknown> });
    const events = (await auditOf(key)).length;
    const again = await updatePolicy(testDb(), asActor(admin), {
      modelKey: key,
      policy: policyText(first.policy),
      updatedAt: first.updatedAt,
    });
    expect(again).toMatchObject({ changed: false, updatedAt: first.updatedAt });
    expect(await auditOf(key)).toHaveLength(events);
  });

  it("refuses an invalid policy with 422 listing every issue by path, and writes nothing", async () => {
    const key = await newModel();
    const { updatedAt } = await modelRow(key);
    signInAs(admin);
    const invalid = {
      evalGates: [{ metric: "f1", op: ">", value: "high" }],
      approvals: { required: 0, allowSelfApproval: true },
      // two issues on one step: not increasing, and not ending at 100
      rollout: { steps: [50, 25] },
      aprovals: {},
    };
    const result = await updatePolicyAction({ model: key, policy: JSON.stringify(invalid), updatedAt: updatedAt.toISOString() });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("schema_error");
    expect(result.error.issues?.map((i) => i.path).sort()).toEqual(
      [
        "policy.aprovals",
        "policy.approvals.allowSelfApproval",
        "policy.approvals.required",
        "policy.evalGates[0].op",
        "policy.evalGates[0].value",
        "policy.rollout.steps[1]",
        "policy.rollout.steps[1]",
      ].sort(),
    );
    expect(result.error.issues?.find((i) => i.path === "policy.approvals.allowSelfApproval")?.message).toMatch(/four-eyes is always on/);

    const broken = await updatePolicyAction({
      model: key,
      policy: '{\n  "approvals": {"required": 2},\n}',
      updatedAt: updatedAt.toISOString(),
    });
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.error.issues).toEqual([
      { path: "policy", message: expect.stringMatching(/^is not valid JSON: .* at line 3, column 1$/) },
    ]);

    expect((await modelRow(key)).policy).toEqual({});
    expect((await auditOf(key)).map((e) => e.action)).not.toContain("model.policy_updated");
  });

  it("refuses a save based on a stale updatedAt with 409, keeping the other admin's policy", async () => {
    const key = await newModel();
    const opened = (await modelRow(key)).updatedAt.toISOString();
    const other = await createUser("admin");
    await updatePolicy(testDb(), asActor(other), {
      modelKey: key,
      policy: JSON.stringify({ approvals: { required: 3 } }),
      updatedAt: opened,
    });

    signInAs(admin);
    const result = await updatePolicyAction({ model: key, policy: JSON.stringify(GATED), updatedAt: opened });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("conflict");
    expect(result.error.message).toMatch(/^The policy changed since you opened it/);
    expect((await modelRow(key)).policy).toMatchObject({ approvals: { required: 3 } });
    expect((await auditOf(key)).filter((e) => e.action === "model.policy_updated")).toHaveLength(1);
  });

  it("lets exactly one of several simultaneous saves from the same editor state through", async () => {
    const key = await newModel();
    const opened = (await modelRow(key)).updatedAt.toISOString();
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5].map((n) =>
        updatePolicy(testDb(), asActor(admin), {
          modelKey: key,
          policy: JSON.stringify({ approvals: { required: n } }),
          updatedAt: opened,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 409 });
    }
    expect((await auditOf(key)).filter((e) => e.action === "model.policy_updated")).toHaveLength(1);
  });

  it("refuses every role but admin on the action, and API tokens in the service", async () => {
    const key = await newModel();
    const { updatedAt } = await modelRow(key);
    for (const role of ["viewer", "operator", "approver"] as const) {
      signInAs(await createUser(role));
      const result = await updatePolicyAction({ model: key, policy: "{}", updatedAt: updatedAt.toISOString() });
      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    signInAs(null);
    expect(await updatePolicyAction({ model: key, policy: "{}", updatedAt: updatedAt.toISOString() })).toMatchObject({
      ok: false,
      error: { code: "unauthorized" },
    });
    await expect(updatePolicy(testDb(), ci, { modelKey: key, policy: "{}" })).rejects.toMatchObject({ status: 403 });
    await expect(updatePolicy(testDb(), asActor(operator), { modelKey: key, policy: "{}" })).rejects.toMatchObject({ status: 403 });
    expect((await auditOf(key)).map((e) => e.action)).not.toContain("model.policy_updated");
  });

  it("answers 404 for an unknown model", async () => {
    await expect(updatePolicy(testDb(), asActor(admin), { modelKey: uniqueModelKey("missing"), policy: "{}" })).rejects.toMatchObject({
      status: 404,
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe("deprecateVersionAction and archiveVersionAction", () => {
  it("refuses viewers and approvers, and deprecates for an operator with a date and a reason", async () => {
    const key = await newModel();
    for (const role of ["viewer", "approver"] as const) {
      signInAs(await createUser(role));
      const refused = await deprecateVersionAction({ model: key, version: "2026-01-15.1", at: "2026-03-01", reason: "superseded" });
      expect(refused).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await archiveVersionAction({ model: key, version: "2026-01-15.1", reason: "" })).toMatchObject({
        ok: false,
        error: { code: "forbidden" },
      });
    }
    signInAs(operator);
    const missingReason = await deprecateVersionAction({ model: key, version: "2026-01-15.1", at: "2026-03-01", reason: " " });
    expect(missingReason).toMatchObject({ ok: false, error: { code: "schema_error", issues: [{ path: "reason" }] } });

    const done = await deprecateVersionAction({
      model: key,
      version: "2026-01-15.1",
      at: "2026-03-01",
      reason: "trained on the old schema",
    });
    expect(done).toMatchObject({ ok: true, data: { stage: "DEPRECATED", previousStage: "DEV", deprecatesAt: "2026-03-01T00:00:00.000Z" } });
    expect((await auditOf(key)).at(-1)).toMatchObject({
      action: "version.deprecated",
      actorId: operator.id,
      reason: "trained on the old schema",
    });

    const archived = await archiveVersionAction({ model: key, version: "2026-01-15.1", reason: "past retention" });
    expect(archived).toMatchObject({ ok: true, data: { stage: "ARCHIVED", previousStage: "DEPRECATED" } });
  });

  it("refuses a serving version with the service's message, which the page shows before anyone clicks", async () => {
    const key = await newModel();
    await ship(key, "2026-01-15.1");
    await ship(key, "2026-01-16.1");
    const options = await retirementOptions(testDb(), key, "2026-01-15.1");
    expect(options?.serving).toEqual(["it is the rollback target (previous stable) of the production release"]);

    signInAs(operator);
    const refused = await deprecateVersionAction({ model: key, version: "2026-01-15.1", at: "2026-03-01", reason: "old" });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe("conflict");
    expect(refused.error.message).toBe(
      "cannot deprecate 2026-01-15.1: it is serving traffic — it is the rollback target (previous stable) of the production release. Move traffic off it first.",
    );
    expect(options?.deprecateRefusal).toBe(refused.error.message);

    const archive = await archiveVersionAction({ model: key, version: "2026-01-16.1", reason: "" });
    expect(archive.ok).toBe(false);
    if (archive.ok) return;
    expect(archive.error.message).toMatch(/^cannot archive 2026-01-16\.1: it is serving traffic — it is the stable version/);
    expect((await retirementOptions(testDb(), key, "2026-01-16.1"))?.archiveRefusal).toBe(archive.error.message);
    expect(await testDb().modelVersion.count({ where: { model: { key }, stage: "DEPRECATED" } })).toBe(0);
  });

  it("predicts the gold and stage-machine refusals the server gives", async () => {
    const key = await newModel();
    for (const v of ["2026-01-15.1", "2026-01-16.1", "2026-01-17.1"]) await ship(key, v);
    await register(key, "2026-01-18.1");
    await recordEvaluation(testDb(), ci, { modelKey: key, version: "2026-01-18.1", dataset: DATASET, metrics: { f1: 0.95 } });
    signInAs(operator);
    // 2026-01-15.1 is retired but gold; 2026-01-18.1 waits in STAGING
    for (const [version, action] of [
      ["2026-01-15.1", "archive"],
      ["2026-01-18.1", "archive"],
    ] as const) {
      const options = await retirementOptions(testDb(), key, version);
      const result = await archiveVersionAction({ model: key, version, reason: "" });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(options?.[`${action}Refusal`]).toBe(result.error.message);
    }
    const retired = await retirementOptions(testDb(), key, "2026-01-15.1");
    expect(retired?.deprecateRefusal).toBeNull();
    expect(retired?.archiveRefusal).toMatch(/one of the last three versions that were PROD/);
  });
});

// ---------------------------------------------------------------------------------------------

describe("pages", () => {
  it("the Settings tab is for admins only; it opens on the defaults for a new model", async () => {
    const key = await newModel();
    const params = Promise.resolve({ modelId: key });
    for (const role of ["viewer", "operator", "approver"] as const) {
      signInAs(await createUser(role));
      await expect(ModelSettingsPage({ params })).rejects.toMatchObject({ url: "/forbidden?need=policy%3Aedit" });
    }
    signInAs(null);
    await expect(ModelSettingsPage({ params })).rejects.toBeInstanceOf(RedirectError);

    signInAs(admin);
    const html = renderToString(await ModelSettingsPage({ params }));
    expect(html).toContain("Policy (JSON)");
    expect(html).toContain("Reset to defaults");
    expect(html).toContain("Nothing has been set for this model yet");
    // the editor is pre-filled with the defaults, escaped as text
    expect(html).toContain("&quot;bakeMinutes&quot;: 30");
  });

  it("the model page shows the policy summary to everyone, the Settings tab to admins, and the rollback target", async () => {
    const key = await newModel();
    await ship(key, "2026-01-15.1");
    await updatePolicy(testDb(), asActor(admin), { modelKey: key, policy: GATED as Record<string, unknown> });
    // two approvals are required now: the second one starts the rollout, which the operator completes
    await register(key, "2026-01-16.1");
    await recordEvaluation(testDb(), ci, { modelKey: key, version: "2026-01-16.1", dataset: DATASET, metrics: { f1: 0.94 } });
    expect((await approveVersion(testDb(), asActor(approver), { modelKey: key, version: "2026-01-16.1" })).stage).toBe("STAGING");
    expect((await approveVersion(testDb(), asActor(admin), { modelKey: key, version: "2026-01-16.1" })).stage).toBe("ROLLING_OUT");
    await promoteNow(testDb(), asActor(operator), { modelKey: key });

    const render = async () =>
      text(renderToString(await ModelPage({ params: Promise.resolve({ modelId: key }), searchParams: Promise.resolve({}) })));
    signInAs(await createUser("viewer"));
    const asViewer = await render();
    expect(asViewer).toContain("f1 ≥ 0.9");
    expect(asViewer).toContain("2 distinct approvers, never the registrant");
    expect(asViewer).toContain("10 % → 50 % → 100 %");
    expect(asViewer).toContain("45 min per step");
    expect(asViewer).toContain('aria-label="2026-01-15.1 (rollback target)"');
    expect(asViewer).toContain("PROD (previous)");
    expect(asViewer).not.toContain(`href="/models/${key}/settings"`);

    signInAs(admin);
    expect(await render()).toContain(`href="/models/${key}/settings"`);
  });

  it("the version page lists evaluations with failed gates, decisions, and retirement forms for operators", async () => {
    const key = await newModel();
    await updatePolicy(testDb(), asActor(admin), { modelKey: key, policy: { evalGates: [{ metric: "f1", op: ">=", value: 0.9 }] } });
    await recordEvaluation(testDb(), ci, { modelKey: key, version: "2026-01-15.1", dataset: DATASET, metrics: { f1: 0.85 } });
    await recordEvaluation(testDb(), ci, { modelKey: key, version: "2026-01-15.1", dataset: DATASET, metrics: { f1: 0.92 } });
    const params = Promise.resolve({ modelId: key, version: "2026-01-15.1" });

    signInAs(await createUser("viewer"));
    const asViewer = text(renderToString(await VersionPage({ params })));
    expect(asViewer).toContain("Evaluations");
    expect(asViewer).toContain("f1 = 0.85 is below the threshold: the policy requires f1 &gt;= 0.9");
    expect(asViewer).toContain("Evaluation passed on " + DATASET + " (latest)");
    expect(asViewer).toContain("Evaluation failed on " + DATASET);
    expect(asViewer).toContain("No decisions yet: it is waiting in the approvals queue.");
    expect(asViewer).toContain("0 of 1 required approval");
    expect(asViewer).not.toContain("Deprecate version");

    signInAs(operator);
    const asOperator = text(renderToString(await VersionPage({ params })));
    expect(asOperator).toContain("Deprecate version");
    // STAGING: deprecating is allowed, archiving is not, and the page says why
    expect(asOperator).toContain(
      "Cannot move 2026-01-15.1 from STAGING to ARCHIVED: it is waiting for a review; reject or deprecate it first.",
    );
  });
});
