// The evidence chain of a prediction against a real database: a model shipped through the
// registry, its gates, a named reviewer and a canary, then a prediction looked up by request id,
// through the route. Each missing link says why. Every test makes its own model.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as evidenceRoute } from "../../app/api/v1/predictions/[request_id]/evidence/route";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import { approveVersion, recordEvaluation } from "../../lib/lifecycle/service";
import type { PredictionEvidence } from "../../lib/provenance";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { ingestBatch } from "../../lib/telemetry/ingest";
import { callRoute } from "./support/http";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";

const V1 = "2026-01-10.1";
const V2 = "2026-01-15.2";
const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";
const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });

let ci: Actor;
let sender: Actor;
let reader: string;
let approver: User;

beforeAll(async () => {
  const token = await createApiToken(["registry:write"], `ci-${uniqueModelKey("prov")}`);
  ci = { type: "token", id: token.id, label: "ci", scopes: ["registry:write"] };
  const t = await createApiToken(["telemetry:write"]);
  sender = { type: "token", id: t.id, label: "sender", scopes: ["telemetry:write"] };
  reader = (await createApiToken(["routes:read"])).secret;
  approver = await createUser("approver");
});

async function ship(key: string, version: string, parent?: string) {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = version;
  if (parent) m.parent_version = parent;
  else delete m.parent_version;
  if (parent) m.changelog = "retrained on December data";
  expect((await registerVersion(testDb(), ci, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" })).status).toBe(
    201,
  );
  await recordEvaluation(testDb(), ci, { modelKey: key, version, dataset: DATASET, metrics: { f1: 0.93 } });
  await approveVersion(testDb(), asActor(approver), { modelKey: key, version, comment: `looked at the diff of ${version}` });
  // the approval ships it: the first version to production, a later one as a canary
}

async function predict(key: string, version: string): Promise<string> {
  const request_id = uniqueId("prov");
  const r = await ingestBatch(testDatabase(), sender, {
    events: [{ request_id, model: key, version, tenant: "acme", ts: Date.now(), latency_ms: 42, outcome: "ok" }],
  });
  expect(r.rejected).toEqual([]);
  return request_id;
}

async function chainOf(id: string, query = ""): Promise<PredictionEvidence> {
  const res = await callRoute(evidenceRoute, {
    path: `/api/v1/predictions/${encodeURIComponent(id)}/evidence${query}`,
    params: { request_id: id },
    token: reader,
  });
  expect(res.status).toBe(200);
  return res.json<PredictionEvidence>();
}

describe("the evidence chain of a prediction", () => {
  it("runs from the request to the version, the canary then, its rollout, its reviewer, its evaluation and its manifest", async () => {
    const key = uniqueModelKey("prov");
    await ship(key, V1);
    await ship(key, V2, V1);
    const id = await predict(key, V2);

    const c = await chainOf(id);
    expect(c.served).toMatchObject({
      status: "present",
      model: key,
      version: V2,
      tenant: "acme",
      route: "candidate",
      source: "prediction",
    });
    expect(c.served.status === "present" && c.served.why).toMatch(/candidate's share of the canary \(5 % at step 1 of 4\)/);
    expect(c.release).toMatchObject({ status: "present", state: "ramping", stableVersion: V1, candidateVersion: V2, candidatePercent: 5 });
    expect(c.rollout).toMatchObject({ status: "present", startedBy: approver.email });
    expect(c.approvals).toMatchObject({
      status: "present",
      approvals: [{ reviewer: { email: approver.email }, decision: "approved", comment: `looked at the diff of ${V2}` }],
    });
    expect(c.evaluations).toMatchObject({ status: "present", evaluations: [{ dataset: DATASET, passed: true }] });
    expect(c.manifest).toMatchObject({ status: "present", parentVersion: V1 });
    expect(c.manifest.status === "present" && c.manifest.changes?.map((x) => x.path)).toEqual(
      expect.arrayContaining(["model_version", "changelog"]),
    );

    // every cited event is in the trail at the position and with the hash given
    expect(new Set(c.audit.map((r) => r.action))).toEqual(
      new Set(["version.registered", "evaluation.recorded", "approval.decided", "release.started"]),
    );
    for (const r of c.audit) {
      const e = await testDb().auditEvent.findUniqueOrThrow({ where: { seq: BigInt(r.seq) } });
      expect({ hash: e.hash, action: e.action }).toEqual({ hash: r.hash, action: r.action });
    }
    expect(c.approvals.status === "present" && c.approvals.approvals[0]?.audit?.action).toBe("approval.decided");
  });

  it("says the request id was not kept, and follows the rest from a model, version and time the reader names", async () => {
    const key = uniqueModelKey("prov");
    await ship(key, V1);
    const gone = uniqueId("never-sent");

    const blind = await chainOf(gone);
    expect(blind.served).toMatchObject({ status: "missing" });
    expect(blind.served.status === "missing" && blind.served.why).toMatch(/is not recorded \(predictions are kept for \d+ days\)/);
    expect(blind.approvals).toEqual({ status: "missing", why: "not followed: the request's model and version are unknown" });

    const given = await chainOf(gone, `?model=${key}&version=${V1}&at=${encodeURIComponent(new Date().toISOString())}`);
    expect(given.served).toMatchObject({ status: "present", source: "given", version: V1 });
    expect(given.approvals).toMatchObject({ status: "present", approvals: [{ reviewer: { email: approver.email } }] });
  });

  it("names each missing link: no reviewer, no evaluation, no rollout, no parent, no release before the time", async () => {
    const key = uniqueModelKey("prov");
    const m = fraudScoringManifest();
    m.model_id = key;
    m.model_version = V1;
    delete m.parent_version;
    await registerVersion(testDb(), ci, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
    const early = new Date(Date.now() - 3_600_000).toISOString();

    const c = await chainOf(uniqueId("gone"), `?model=${key}&version=${V1}&at=${encodeURIComponent(early)}`);
    expect(c.release).toEqual({ status: "missing", why: `no release move of ${key} is recorded at or before ${early}` });
    expect(c.rollout.status === "missing" && c.rollout.why).toMatch(/no rollout of 2026-01-10\.1 is recorded/);
    expect(c.approvals.status === "missing" && c.approvals.why).toMatch(/no reviewer approved 2026-01-10\.1 before/);
    expect(c.evaluations.status === "missing" && c.evaluations.why).toMatch(/no evaluation of 2026-01-10\.1 is recorded before/);
    expect(c.manifest).toMatchObject({ status: "present", parentVersion: null, changes: null });

    const unknown = await chainOf(uniqueId("gone"), `?model=${key}&version=9.9.9&at=${encodeURIComponent(early)}`);
    expect(unknown.manifest).toEqual({ status: "missing", why: `version 9.9.9 of ${key} is not in the registry` });
  });

  it("refuses a malformed time with the field named", async () => {
    const res = await callRoute(evidenceRoute, {
      path: `/api/v1/predictions/x/evidence?at=yesterday`,
      params: { request_id: "x" },
      token: reader,
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toContain("at");
  });
});
