// Policy as code over HTTP: GET / PUT /api/v1/models/{m}/policy against a real database — JSON
// and YAML, the revision as ETag and If-Match, 422 with field paths, the weakening rule, token
// scopes, the audit event and the policy's recorded source. Every test makes its own model.
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { GET, PUT } from "../../app/api/v1/models/[model]/policy/route";
import type { User } from "../../generated/prisma/client";
import { confirmPolicyChange } from "../../lib/lifecycle/policy-service";
import { testDb } from "./support/db";
import { createApiToken, createUser, registerModel } from "./support/factories";
import { callRoute } from "./support/http";

type Doc = {
  model: string;
  policy: { approvals: { required: number }; guardrails: Record<string, unknown>; rollout: { steps: number[] } };
  revision: number;
  source: { via: string; actor: string | null; at: string } | null;
  pending: { weakens: string[] } | null;
  changed?: boolean;
};
type Problem = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

let writer: { secret: string };
let reader: { secret: string };
let admin: User;

beforeAll(async () => {
  writer = await createApiToken(["policy:write"], `ci-policy-${Date.now().toString(36)}`);
  reader = await createApiToken(["routes:read"]);
  admin = await createUser("admin");
});

const newModel = () => registerModel("it-policy-api", ["2026-02-01.1"]);

const get = (model: string, opts: { token?: string; headers?: Record<string, string>; query?: string } = {}) =>
  callRoute(GET, {
    path: `/api/v1/models/${model}/policy${opts.query ?? ""}`,
    params: { model },
    token: opts.token ?? writer.secret,
    headers: opts.headers,
  });

const put = (model: string, body: unknown, opts: { token?: string; ifMatch?: string; contentType?: string; dryRun?: boolean } = {}) =>
  callRoute(PUT, {
    method: "PUT",
    path: `/api/v1/models/${model}/policy${opts.dryRun ? "?dry_run=true" : ""}`,
    params: { model },
    token: opts.token ?? writer.secret,
    body,
    contentType: opts.contentType,
    headers: opts.ifMatch ? { "if-match": opts.ifMatch } : undefined,
  });

const audit = (model: string) =>
  testDb().auditEvent.findMany({ where: { modelKey: model, action: "model.policy_updated" }, orderBy: { seq: "asc" } });

describe("GET /api/v1/models/{m}/policy", () => {
  it("returns the policy in force with its revision as ETag, as JSON or YAML", async () => {
    const model = await newModel();
    const res = await get(model);
    expect(res.status).toBe(200);
    const doc = await res.json<Doc>();
    expect(doc).toMatchObject({ model, revision: 1, source: null, pending: null });
    expect(doc.policy.approvals.required).toBe(1);
    expect(res.headers.get("etag")).toBe('"1"');

    const yaml = await get(model, { headers: { accept: "application/yaml" } });
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get("content-type")).toMatch(/application\/yaml/);
    expect(parseYaml(await yaml.text())).toEqual(doc);
    expect((await get(model, { query: "?format=yaml" })).headers.get("content-type")).toMatch(/yaml/);
  });

  it("is readable with a routes:read token; 404 for an unknown model", async () => {
    const model = await newModel();
    expect((await get(model, { token: reader.secret })).status).toBe(200);
    const missing = await get("no-such-model-policy");
    expect(missing.status).toBe(404);
  });
});

describe("PUT /api/v1/models/{m}/policy", () => {
  it("applies YAML from a file, bumps the revision, records the source and audits before/after", async () => {
    const model = await newModel();
    const yaml = "approvals:\n  required: 2\nrollout:\n  steps: [10, 50, 100]\n";
    const res = await put(model, yaml, { contentType: "application/yaml", ifMatch: '"1"' });
    expect(res.status).toBe(200);
    const doc = await res.json<Doc>();
    expect(doc.changed).toBe(true);
    expect(doc.revision).toBe(2);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(doc.policy.approvals.required).toBe(2);
    expect(doc.policy.rollout.steps).toEqual([10, 50, 100]);
    expect(doc.source).toMatchObject({ via: "api", actor: expect.stringMatching(/^token ci-policy-/) });

    const events = await audit(model);
    expect(events).toHaveLength(1);
    expect(events[0]?.actorType).toBe("token");
    expect(events[0]?.reason).toMatch(/via api/);
    expect((events[0]?.after as Doc["policy"]).approvals.required).toBe(2);
    expect((events[0]?.before as Record<string, unknown>) ?? {}).not.toHaveProperty("approvals.required", 2);

    const again = await get(model);
    expect((await again.json<Doc>()).source?.via).toBe("api");
  });

  it("accepts JSON and the document GET returns; the same policy again changes nothing", async () => {
    const model = await newModel();
    const doc = await (await get(model)).json<Doc>();
    doc.policy.rollout.steps = [5, 25, 50, 100];
    const first = await put(model, doc);
    expect(first.status).toBe(200);
    expect((await first.json<Doc>()).revision).toBe(2);
    const second = await put(model, { model, policy: doc.policy });
    expect(second.status).toBe(200);
    const body = await second.json<Doc>();
    expect(body.changed).toBe(false);
    expect(body.revision).toBe(2);
    expect(await audit(model)).toHaveLength(1);
  });

  it("refuses a stale If-Match with 412 and writes nothing", async () => {
    const model = await newModel();
    expect((await put(model, { rollout: { steps: [20, 100] } }, { ifMatch: '"1"' })).status).toBe(200);
    const stale = await put(model, { rollout: { steps: [50, 100] } }, { ifMatch: '"1"' });
    expect(stale.status).toBe(412);
    expect((await stale.json<Problem>()).error.message).toMatch(/revision 2, not 1/);
    const now = await (await get(model)).json<Doc>();
    expect(now.policy.rollout.steps).toEqual([20, 100]);
    expect((await put(model, {}, { ifMatch: "seven" })).status).toBe(422);
  });

  it("names every bad field with its path and writes nothing", async () => {
    const model = await newModel();
    const res = await put(model, { approvals: { required: 0 }, rollout: { steps: "fast" }, guardrail: {} });
    expect(res.status).toBe(422);
    const paths = (await res.json<Problem>()).error.issues?.map((i) => i.path) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["policy.approvals.required", "policy.rollout.steps", "policy.guardrail"]));
    const bad = await put(model, "approvals: [unclosed", { contentType: "application/yaml" });
    expect(bad.status).toBe(422);
    expect((await bad.json<Problem>()).error.message).toMatch(/YAML/);
    const other = await put(model, { model: "another-model", policy: {} });
    expect(other.status).toBe(422);
    expect((await get(model).then((r) => r.json<Doc>())).revision).toBe(1);
    expect(await audit(model)).toHaveLength(0);
  });

  it("a weakening change waits for a second admin (202) and applies only when confirmed", async () => {
    const model = await newModel();
    await put(model, { approvals: { required: 2 } });
    const weaker = await put(model, { approvals: { required: 1 } });
    expect(weaker.status).toBe(202);
    const body = await weaker.json<Doc>();
    expect(body.changed).toBe(false);
    expect(body.policy.approvals.required).toBe(2);
    expect(body.pending?.weakens.join(" ")).toMatch(/approv/);

    const confirmed = await confirmPolicyChange(
      testDb(),
      { type: "user", id: admin.id, label: admin.email, role: admin.role },
      { modelKey: model },
    );
    expect(confirmed.policy.approvals.required).toBe(1);
    const now = await (await get(model)).json<Doc>();
    expect(now).toMatchObject({ revision: 3, pending: null, source: { via: "ui", actor: admin.email } });
  });

  it("dry_run answers with the normalised policy and its weakenings, and writes nothing", async () => {
    const model = await newModel();
    await put(model, { approvals: { required: 2 } });
    const res = await put(model, "approvals:\n  required: 1\n", { contentType: "application/yaml", dryRun: true, ifMatch: '"2"' });
    expect(res.status).toBe(200);
    const body = await res.json<Doc & { dryRun: boolean; weakens: string[] }>();
    expect(body).toMatchObject({ dryRun: true, changed: true, revision: 2 });
    expect(body.policy.approvals.required).toBe(1);
    expect(body.policy.rollout.steps.length).toBeGreaterThan(0);
    expect(body.weakens.length).toBe(1);
    expect((await (await get(model)).json<Doc>()).policy.approvals.required).toBe(2);
    expect((await put(model, {}, { dryRun: true, ifMatch: '"1"' })).status).toBe(412);
  });

  it("needs the policy:write scope", async () => {
    const model = await newModel();
    const res = await put(model, { rollout: { steps: [100] } }, { token: reader.secret });
    expect(res.status).toBe(403);
    expect((await res.json<Problem>()).error.message).toMatch(/policy:write/);
    expect((await callRoute(PUT, { method: "PUT", path: `/api/v1/models/${model}/policy`, params: { model }, body: {} })).status).toBe(401);
  });
});
