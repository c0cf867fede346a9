// The home page's "what needs attention" read against a real database: releases running,
// held or watched after a promotion (and not an idle one), open incidents (not closed ones),
// drift alerts per tenant, approvals waiting for one reviewer (not their own registrations,
// not what they already decided), and failing webhooks for admins only. Other tests write to
// the same database, so every assertion looks at this test's own models and rows.
import { describe, expect, it } from "vitest";
import { attentionFor, modelBadges, type Attention } from "../../lib/attention/queries";
import { testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";

async function model(prefix: string, policy: object = {}) {
  const key = uniqueModelKey(prefix);
  return testDb().model.create({ data: { key, name: `Model ${key}`, policy } });
}

type ReleaseData = Parameters<ReturnType<typeof testDb>["release"]["create"]>[0]["data"];

async function release(modelId: string, data: Partial<ReleaseData>) {
  return testDb().release.create({ data: { modelId, stableVersion: "v1", epoch: 3, ...data } as ReleaseData });
}

const mine = (a: Attention, keys: string[]) => ({
  releases: a.releases.filter((r) => keys.includes(r.model.key)),
  incidents: a.incidents.filter((i) => keys.includes(i.model.key)),
  drift: a.drift.filter((d) => keys.includes(d.model.key)),
});

describe("attentionFor", () => {
  it("lists running, held and post-promotion releases with the verdict on them now, open incidents and drift alerts", async () => {
    const viewer = await createUser("viewer");
    const canary = await model("att-canary");
    const held = await model("att-held");
    const promoted = await model("att-promoted");
    const idle = await model("att-idle");
    const rolled = await model("att-rolled");

    const canaryRelease = await release(canary.id, { candidateVersion: "v2", candidatePercent: 25, state: "ramping" });
    // a verdict from an earlier epoch is history, the current one is shown
    await testDb().guardrailDecision.create({
      data: { releaseId: canaryRelease.id, stepIndex: 0, outcome: "hold", checks: [], sample: { reason: "old" }, epoch: 2 },
    });
    await testDb().guardrailDecision.create({
      data: { releaseId: canaryRelease.id, stepIndex: 1, outcome: "healthy", checks: [], sample: { reason: "all checks pass" }, epoch: 3 },
    });
    const heldRelease = await release(held.id, { candidateVersion: "v2", candidatePercent: 10, state: "paused" });
    await testDb().guardrailDecision.create({
      data: { releaseId: heldRelease.id, stepIndex: 1, outcome: "hold", checks: [], sample: { reason: "p95 1.3 × stable" }, epoch: 3 },
    });
    await release(promoted.id, { previousStableVersion: "v0", completedAt: new Date(Date.now() - 5 * 60_000), state: "idle" });
    await release(idle.id, { previousStableVersion: "v0", completedAt: new Date(Date.now() - 5 * 86_400_000), state: "idle" });
    const rolledRelease = await release(rolled.id, { state: "rolled_back" });

    const incident = (status: "open" | "closed", reason: string) =>
      testDb().incident.create({
        data: {
          modelId: rolled.id,
          releaseId: rolledRelease.id,
          fromVersion: "v2",
          toVersion: "v1",
          trigger: "guardrail",
          triggeredBy: "guardrail",
          reason,
          rolledBackAt: new Date(),
          epochBefore: 2,
          epochAfter: 3,
          status,
        },
      });
    const open = await incident("open", "error rate 4 % > 1 %");
    await incident("closed", "an old one");

    await testDb().driftAlertState.createMany({
      data: [
        { modelId: canary.id, tenant: "globex", feature: "amount_eur", state: "alert", value: 0.8 },
        { modelId: canary.id, tenant: "acme", feature: "amount_eur", state: "warn", value: 0.15 },
        { modelId: canary.id, tenant: "initech", feature: "amount_eur", state: "ok", value: 0.01 },
      ],
    });

    const keys = [canary, held, promoted, idle, rolled].map((m) => m.key);
    const a = mine(await attentionFor(testDb(), viewer), keys);
    expect(a.releases.map((r) => [r.model.key, r.watching, r.held, r.verdict?.outcome ?? null, r.verdict?.reason ?? null])).toEqual([
      [held.key, "canary", true, "hold", "p95 1.3 × stable"],
      [canary.key, "canary", false, "healthy", "all checks pass"],
      [promoted.key, "post_promotion", false, null, null],
    ]);
    expect(a.incidents).toEqual([
      expect.objectContaining({ id: open.id, model: { key: rolled.key, name: rolled.name }, reason: "error rate 4 % > 1 %" }),
    ]);
    expect(a.drift.map((d) => [d.tenant, d.level, d.psi])).toEqual([
      ["globex", "alert", 0.8],
      ["acme", "warn", 0.15],
    ]);

    const badges = await modelBadges(testDb());
    expect(badges[canary.key]).toEqual({ inProgress: true, held: false, watched: false, incidents: 0, driftAlerts: 1, driftWarnings: 1 });
    expect(badges[promoted.key]).toMatchObject({ inProgress: false, watched: true });
    expect(badges[held.key]).toMatchObject({ held: true, inProgress: false });
    expect(badges[rolled.key]).toMatchObject({ incidents: 1 });
    expect(badges[idle.key]).toBeUndefined();
  });

  it("lists versions waiting for this reviewer: not their own registrations (by hand or by their token), not what they decided", async () => {
    const reviewer = await createUser("approver");
    const other = await createUser("approver");
    const token = await createApiToken(["registry:write"], uniqueId("ci"), { createdById: reviewer.id });
    const m = await model("att-approvals", { approvals: { required: 2 } });
    const version = (v: string, by: { type: "user" | "token"; id: string }) =>
      testDb().modelVersion.create({
        data: {
          modelId: m.id,
          version: v,
          manifest: {},
          contentHash: uniqueId("hash"),
          sourceText: "{}",
          schemaVersion: "1",
          stage: "STAGING",
          registeredBy: by.id,
          registeredByType: by.type,
          registeredById: by.id,
        },
      });
    await version("by-other", { type: "user", id: other.id });
    await version("by-me", { type: "user", id: reviewer.id });
    await version("by-my-token", { type: "token", id: token.id });
    const decided = await version("decided", { type: "user", id: other.id });
    await testDb().approval.create({ data: { versionId: decided.id, reviewerId: reviewer.id, decision: "approved" } });
    const approvedByOther = await version("half-approved", { type: "user", id: other.id });
    await testDb().approval.create({ data: { versionId: approvedByOther.id, reviewerId: other.id, decision: "approved" } });

    const forReviewer = (await attentionFor(testDb(), reviewer)).approvals.filter((x) => x.model.key === m.key);
    expect(forReviewer.map((x) => [x.version, x.approved, x.required])).toEqual([
      ["by-other", 0, 2],
      ["half-approved", 1, 2],
    ]);
    const forOther = (await attentionFor(testDb(), other)).approvals.filter((x) => x.model.key === m.key);
    expect(forOther.map((x) => x.version)).toEqual(["by-me", "by-my-token"]);
    const viewer = await createUser("viewer");
    expect((await attentionFor(testDb(), viewer)).approvals.filter((x) => x.model.key === m.key)).toEqual([]);
  });

  it("shows admins the webhooks whose latest delivery failed, and nobody else any webhook", async () => {
    const admin = await createUser("admin");
    const approver = await createUser("approver");
    const hook = (name: string) =>
      testDb().webhook.create({ data: { name, url: "https://hooks.example/x", secret: "s", events: ["*"], createdBy: admin.email } });
    const failing = await hook(uniqueId("failing"));
    const recovered = await hook(uniqueId("recovered"));
    const event = (n: number) => testDb().outboxEvent.create({ data: { type: "release.held", payload: { n } } });
    const [e1, e2] = [await event(1), await event(2)];
    const earlier = new Date(Date.now() - 60_000);
    await testDb().webhookDelivery.createMany({
      data: [
        { webhookId: failing.id, eventId: e1.id, status: "succeeded", attempts: 1, createdAt: earlier },
        { webhookId: failing.id, eventId: e2.id, status: "failed", attempts: 2, lastStatus: 500 },
        { webhookId: recovered.id, eventId: e1.id, status: "dead", attempts: 8, lastStatus: 502, createdAt: earlier },
        { webhookId: recovered.id, eventId: e2.id, status: "succeeded", attempts: 1 },
      ],
    });

    const webhooks = (await attentionFor(testDb(), admin)).webhooks?.filter((w) => [failing.id, recovered.id].includes(w.id));
    expect(webhooks).toEqual([expect.objectContaining({ id: failing.id, status: "failed", statusCode: 500, event: "release.held" })]);
    expect((await attentionFor(testDb(), approver)).webhooks).toBeNull();
  });
});
