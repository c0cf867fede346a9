import { describe, expect, it } from "vitest";
import { buildJsonBody, buildSlackBody, renderBody, slackEscape, summarizeEvent, type OutboxEventLike } from "./payload";

const URL_BASE = "https://rollgate.example.com";
const AT = new Date("2026-02-01T10:00:00.000Z");

// Shaped as lib/rollout/service.ts writes them.
const rollback: OutboxEventLike = {
  id: 42n,
  type: "release.rolled_back",
  modelKey: "fraud-score",
  createdAt: AT,
  payload: {
    model: "fraud-score",
    environment: "production",
    epoch: 13,
    previousEpoch: 12,
    by: "on-call",
    actorType: "user",
    reason: "p95 breach",
    at: AT.toISOString(),
    oldEpoch: 12,
    newEpoch: 13,
    fromVersion: "2026-02-01.1",
    toVersion: "2026-01-15.2",
    stable: "2026-01-15.2",
    incidentId: "inc_1",
    trigger: "user",
  },
};

const event = (type: string, payload: Record<string, unknown>, modelKey: string | null = "fraud-score"): OutboxEventLike => ({
  id: 1n,
  type,
  modelKey,
  payload,
  createdAt: AT,
});

describe("buildJsonBody", () => {
  it("names the event, time, model, versions, actor, data and links", () => {
    const body = buildJsonBody(rollback, `${URL_BASE}/`);
    expect(body).toEqual({
      id: "42",
      event: "release.rolled_back",
      time: "2026-02-01T10:00:00.000Z",
      model: "fraud-score",
      versions: { version: "2026-02-01.1", from: "2026-02-01.1", to: "2026-01-15.2", stable: "2026-01-15.2" },
      actor: { type: "user", label: "on-call" },
      summary: "fraud-score rolled back 2026-02-01.1 → 2026-01-15.2 by on-call: p95 breach",
      data: rollback.payload,
      links: {
        model: `${URL_BASE}/models/fraud-score`,
        version: `${URL_BASE}/models/fraud-score/versions/2026-02-01.1`,
        release: `${URL_BASE}/models/fraud-score/release`,
        incident: `${URL_BASE}/incidents/inc_1`,
      },
    });
  });

  it("names a guardrail as the actor of an automatic rollback", () => {
    const body = buildJsonBody(
      { ...rollback, payload: { ...(rollback.payload as object), by: "guardrail", actorType: "guardrail", trigger: "guardrail" } },
      URL_BASE,
    );
    expect(body.actor).toEqual({ type: "guardrail", label: "guardrail" });
  });

  it("takes reviewers, approvers and the policy as actors", () => {
    expect(
      buildJsonBody(
        event("approval.decided", { version: "v1", decision: "approved", reviewer: { id: "u1", email: "lead@x.test" } }),
        URL_BASE,
      ).actor,
    ).toEqual({
      type: "user",
      label: "lead@x.test",
    });
    expect(buildJsonBody(event("version.promoted", { version: "v1", approvedBy: ["a@x.test", "b@x.test"] }), URL_BASE).actor).toEqual({
      type: "user",
      label: "a@x.test, b@x.test",
    });
    expect(buildJsonBody(event("version.staged", { version: "v1" }), URL_BASE).actor).toEqual({ type: "policy", label: "policy" });
  });

  it("links no release for a version event, and escapes path segments", () => {
    const body = buildJsonBody(event("version.deprecated", { version: "2026/01 x", by: "ops" }, "m"), URL_BASE);
    expect(body.links).toEqual({
      model: `${URL_BASE}/models/m`,
      version: `${URL_BASE}/models/m/versions/2026%2F01%20x`,
      release: null,
      incident: null,
    });
  });

  it("copes with an event without a model or a payload it knows", () => {
    const body = buildJsonBody(event("something.new", [1, 2] as unknown as Record<string, unknown>, null), URL_BASE);
    expect(body).toMatchObject({ model: null, versions: {}, actor: null, data: {}, summary: "something.new" });
    expect(body.links).toEqual({ model: null, version: null, release: null, incident: null });
  });
});

describe("summarizeEvent", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "release.started",
      { version: "v2", stable: "v1", mode: "canary", percent: 5, by: "lead@x.test" },
      "fraud-score: canary of v2 started at 5 % (stable v1) by lead@x.test",
    ],
    ["release.advanced", { version: "v2", percent: 25, by: "guardrail" }, "fraud-score: v2 advanced to 25 % of traffic by guardrail"],
    [
      "release.paused",
      { version: "v2", percent: 25, by: "ops@x.test", reason: "investigating" },
      "fraud-score: rollout of v2 paused at 25 % by ops@x.test: investigating",
    ],
    [
      "release.aborted",
      { version: "v2", stable: "v1", by: "ops@x.test" },
      "fraud-score: rollout of v2 aborted by ops@x.test; v1 keeps all traffic",
    ],
    [
      "release.completed",
      { version: "v2", previousStableVersion: "v1", by: "guardrail" },
      "fraud-score: v2 is now stable at 100 %, replacing v1 by guardrail",
    ],
    [
      "version.promoted",
      { version: "v2", previousStableVersion: "v1", approvedBy: ["a@x.test"] },
      "fraud-score v2 promoted to production (was v1), approved by a@x.test",
    ],
    ["version.staged", { version: "v2" }, "fraud-score v2 passed its evaluation gates and moved to STAGING"],
    [
      "approval.decided",
      { version: "v2", decision: "approved", approved: 1, required: 2, reviewer: { email: "a@x.test" } },
      "a@x.test approved fraud-score v2 (1 of 2 approvals)",
    ],
    [
      "version.rejected",
      { version: "v2", comment: "recall dropped", reviewer: { email: "a@x.test" } },
      "fraud-score v2 rejected by a@x.test: recall dropped",
    ],
    [
      "version.deprecated",
      { version: "v1", deprecatesAt: "2026-03-01T00:00:00.000Z", by: "ops@x.test" },
      "fraud-score v1 deprecated by ops@x.test, retires 2026-03-01",
    ],
    [
      "tenant.pinned",
      { tenant: "acme", version: "v1", previousVersion: null, by: "ops@x.test" },
      "fraud-score: tenant acme pinned to v1 by ops@x.test",
    ],
    [
      "tenant.unpinned",
      { tenant: "acme", previousVersion: "v1", by: "ops@x.test" },
      "fraud-score: tenant acme unpinned from v1 by ops@x.test",
    ],
    [
      "drift.detected",
      { tenant: "acme", feature: "amount", metric: "PSI", value: 0.31 },
      "fraud-score: drift detected for tenant acme on amount (PSI 0.31)",
    ],
  ];
  it.each(cases)("%s", (type, payload, expected) => {
    expect(summarizeEvent(event(type, payload))).toBe(expected);
  });

  it("says what a test delivery is", () => {
    expect(summarizeEvent(event("webhook.test", { webhook: "ops-alerts", requestedBy: "admin@x.test" }, null))).toBe(
      'Test delivery from Rollgate to webhook "ops-alerts", sent by admin@x.test',
    );
  });

  it("clips a long reason", () => {
    const s = summarizeEvent({ ...rollback, payload: { ...(rollback.payload as object), reason: "x".repeat(500) } });
    expect(s.length).toBeLessThan(300);
    expect(s.endsWith("…")).toBe(true);
  });
});

describe("buildSlackBody", () => {
  it("is a Slack message: the summary as text, with the links", () => {
    const body = buildSlackBody(rollback, URL_BASE);
    expect(body.text).toBe(":rotating_light: fraud-score rolled back 2026-02-01.1 → 2026-01-15.2 by on-call: p95 breach");
    expect(body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: body.text } });
    expect(body.blocks[1]).toEqual({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `<${URL_BASE}/models/fraud-score/release|Release> · <${URL_BASE}/incidents/inc_1|Incident> · <${URL_BASE}/models/fraud-score/versions/2026-02-01.1|Version> · <${URL_BASE}/models/fraud-score|Model>`,
        },
      ],
    });
  });

  it("escapes what people typed, so it cannot forge links or mentions", () => {
    const body = buildSlackBody(
      { ...rollback, payload: { ...(rollback.payload as object), reason: "<!channel> & <https://evil|click>" } },
      URL_BASE,
    );
    expect(body.text).toContain("&lt;!channel&gt; &amp; &lt;https://evil|click&gt;");
    expect(slackEscape("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });

  it("has no links block when there is nothing to link", () => {
    expect(buildSlackBody(event("webhook.test", { webhook: "w" }, null), URL_BASE).blocks).toHaveLength(1);
  });
});

describe("renderBody", () => {
  it("is deterministic, so a retry sends the same bytes", () => {
    expect(renderBody("json", rollback, URL_BASE)).toBe(renderBody("json", rollback, URL_BASE));
    expect(JSON.parse(renderBody("slack", rollback, URL_BASE))).toHaveProperty("text");
    expect(JSON.parse(renderBody("json", rollback, URL_BASE))).toHaveProperty("event", "release.rolled_back");
  });
});
