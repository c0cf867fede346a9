import { describe, expect, it } from "vitest";
import { eventMatches, normalizeEventFilter } from "./events";
import { createWebhookInput, updateWebhookInput } from "./schemas";
import { redactUrl, webhookUrlProblem } from "./url";

const valid = { name: "ops alerts", url: "https://hooks.example.com/rollgate", events: ["release.rolled_back"] };

function fieldIssues(input: unknown) {
  const r = createWebhookInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("webhook URL", () => {
  it("accepts http and https, private addresses included", () => {
    expect(webhookUrlProblem("https://hooks.slack.com/services/T0/B0/x")).toBeNull();
    expect(webhookUrlProblem("http://10.0.0.5:8080/hook?x=1")).toBeNull();
  });

  it("refuses other schemes, credentials, fragments and non-URLs with a message saying why", () => {
    expect(webhookUrlProblem("ftp://example.com/x")).toMatch(/https:\/\/ or http:\/\//);
    expect(webhookUrlProblem("https://user:pass@example.com/x")).toMatch(/user name and password/);
    expect(webhookUrlProblem("https://token@example.com/x")).toMatch(/user name and password/);
    expect(webhookUrlProblem("https://example.com/x#frag")).toMatch(/fragment/);
    expect(webhookUrlProblem("example.com/hook")).toMatch(/full URL/);
    expect(webhookUrlProblem("javascript:alert(1)")).toMatch(/not supported/);
  });

  it("is redacted after its first path segment for the audit trail", () => {
    expect(redactUrl("https://hooks.slack.com/services/T0/B0/secret")).toBe("https://hooks.slack.com/services/…");
    expect(redactUrl("https://example.com/hook?token=abc")).toBe("https://example.com/hook/…");
    expect(redactUrl("http://127.0.0.1:9000/hook")).toBe("http://127.0.0.1:9000/hook");
    expect(redactUrl("https://example.com")).toBe("https://example.com");
  });
});

describe("createWebhookInput", () => {
  it("defaults to JSON, active, and no secret (one is generated)", () => {
    expect(createWebhookInput.parse(valid)).toEqual({ ...valid, format: "json", active: true, secret: undefined });
  });

  it("reads form values: a single checkbox, 'on', an empty secret", () => {
    const parsed = createWebhookInput.parse({ ...valid, events: "release.rolled_back", active: "on", secret: "", format: "slack" });
    expect(parsed).toMatchObject({ events: ["release.rolled_back"], active: true, secret: undefined, format: "slack" });
  });

  it("reports every bad field with a message for it", () => {
    const issues = fieldIssues({ name: " ", url: "https://u:p@example.com", events: [], format: "xml", secret: "short" });
    expect(issues.map((i) => i.path).sort()).toEqual(["events", "format", "name", "secret", "url"]);
    expect(issues.find((i) => i.path === "events")?.message).toMatch(/at least one event/);
  });

  it("refuses unknown event types and the test event, naming the entry", () => {
    const issues = fieldIssues({ ...valid, events: ["release.rolled_back", "release.exploded", "nope.*", "webhook.test"] });
    expect(issues).toEqual([
      { path: "events.1", message: 'Unknown event type "release.exploded".' },
      { path: "events.2", message: expect.stringMatching(/Unknown event group "nope"/) },
      { path: "events.3", message: expect.stringMatching(/only by "Send test"/) },
    ]);
  });

  it("keeps the filter in its smallest form", () => {
    expect(createWebhookInput.parse({ ...valid, events: ["release.started", "*"] }).events).toEqual(["*"]);
    expect(
      createWebhookInput.parse({ ...valid, events: ["release.started", "release.*", "tenant.pinned", "tenant.pinned"] }).events,
    ).toEqual(["release.*", "tenant.pinned"]);
  });

  it("needs the id to update", () => {
    expect(updateWebhookInput.safeParse(valid).success).toBe(false);
    expect(updateWebhookInput.parse({ ...valid, id: "w1", active: "false" }).active).toBe(false);
  });
});

describe("eventMatches", () => {
  it("matches *, a group wildcard or the type itself", () => {
    expect(eventMatches(["*"], "release.started")).toBe(true);
    expect(eventMatches(["release.*"], "release.started")).toBe(true);
    expect(eventMatches(["release.*"], "version.promoted")).toBe(false);
    expect(eventMatches(["version.promoted"], "version.promoted")).toBe(true);
    expect(eventMatches(["version.promoted"], "version.staged")).toBe(false);
  });

  it("never selects the test event", () => {
    expect(eventMatches(["*"], "webhook.test")).toBe(false);
  });

  it("normalizes without losing a subscription", () => {
    expect(normalizeEventFilter([" tenant.pinned ", "", "approval.decided"])).toEqual(["approval.decided", "tenant.pinned"]);
  });
});
