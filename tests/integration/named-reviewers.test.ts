// Named reviewers against a real database, through the server actions the approval page and the
// Reviewers tab use: who a gate lets approve, what the page and the queue say about it, what the
// staged event names, and who may change the rules. Every test makes its own teams, people and model.
import { beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import { approveVersionAction } from "../../lib/lifecycle/approval-actions";
import { getApprovalReview } from "../../lib/lifecycle/approval-queries";
import { turnsFor } from "../../lib/lifecycle/whose-turn";
import { updateReviewersAction, setOwnerTeamAction } from "../../lib/lifecycle/reviewer-actions";
import { recordEvaluation } from "../../lib/lifecycle/service";
import { updatePolicy } from "../../lib/lifecycle/policy-service";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { addTeamMember, createTeam } from "../../lib/teams/service";
import { testDb } from "./support/db";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";
import { signInAs } from "./support/session";

const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";
const V = "2026-01-15.1";
const system: Actor = { type: "system", id: null, label: "test" };
const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });

let ci: Actor;
let ciCreator: User;

beforeAll(async () => {
  ciCreator = await createUser("admin");
  const name = `ci-${uniqueModelKey("named")}`;
  const token = await createApiToken(["registry:write"], name, { createdById: ciCreator.id });
  ci = { type: "token", id: token.id, label: name, scopes: ["registry:write"] };
});

async function team(members: User[]): Promise<string> {
  const key = uniqueModelKey("team");
  await createTeam(testDb(), system, { key, name: `Team ${key.slice(-6)}` });
  for (const m of members) await addTeamMember(testDb(), system, { key, email: m.email });
  return key;
}

/** A model whose policy has these approval rules, with one version in STAGING registered by `by`. */
async function staged(approvals: Record<string, unknown>, by: Actor = ci): Promise<string> {
  const key = uniqueModelKey("it-named");
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = V;
  delete m.parent_version;
  const res = await registerVersion(testDb(), by, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
  expect(res.status).toBe(201);
  await updatePolicy(testDb(), system, { modelKey: key, policy: { approvals } });
  await recordEvaluation(testDb(), ci, { modelKey: key, version: V, dataset: DATASET, metrics: { f1: 0.93 } });
  return key;
}

async function as<T>(user: User, fn: () => Promise<T>): Promise<T> {
  signInAs(user);
  try {
    return await fn();
  } finally {
    signInAs(null);
  }
}

const approve = (user: User, key: string) => as(user, () => approveVersionAction({ modelKey: key, version: V, comment: "" }));
const stageOf = async (key: string) =>
  (await testDb().modelVersion.findFirstOrThrow({ where: { version: V, model: { key } }, select: { stage: true } })).stage;
const decisions = (key: string) => testDb().approval.count({ where: { version: { model: { key } } } });

describe("a gate that names a team", () => {
  it("refuses an approver outside the team, with the rule in the message and nothing recorded; a member's approval ships it", async () => {
    const [inside, outside] = [await createUser("approver"), await createUser("approver")];
    const risk = await team([inside]);
    const key = await staged({ rules: [{ reviewers: [`team:${risk}`], required: 1 }] });

    const refused = await approve(outside, key);
    expect(refused).toEqual({ ok: false, error: { code: "forbidden", message: expect.stringContaining("not a named reviewer") } });
    expect(refused.ok === false && refused.error.message).toContain(`1 of team:${risk}`);
    expect(await decisions(key)).toBe(0);

    const ok = await approve(inside, key);
    expect(ok.ok).toBe(true);
    expect(await stageOf(key)).toBe("PROD");
  });

  it("needs every rule, counts a person in two of a rule's teams once, and lets one person meet two rules", async () => {
    const [both, onlyA, onlyB] = [await createUser("approver"), await createUser("approver"), await createUser("approver")];
    const a = await team([both, onlyA]);
    const b = await team([both, onlyB]);
    const key = await staged({
      rules: [
        { reviewers: [`team:${a}`, `team:${b}`], required: 2 },
        { reviewers: [`team:${b}`], required: 1 },
      ],
    });
    const first = await approve(both, key);
    expect(first.ok && first.data.approvals.rules.map((r) => r.met)).toEqual([false, true]);
    expect(await stageOf(key)).toBe("STAGING");
    const second = await approve(onlyA, key);
    expect(second.ok && second.data.approvals.rules.map((r) => r.met)).toEqual([true, true]);
    expect(await stageOf(key)).toBe("PROD");
    // onlyB is named, but every rule is met: the version is no longer waiting
    expect((await approve(onlyB, key)).ok).toBe(false);
  });

  it("refuses a member whose rules are already met while another rule waits", async () => {
    const [risk1, risk2, lead] = [await createUser("approver"), await createUser("approver"), await createUser("approver")];
    const risk = await team([risk1, risk2]);
    const key = await staged({
      rules: [
        { reviewers: [`team:${risk}`], required: 1 },
        { reviewers: [`user:${lead.email}`], required: 1 },
      ],
    });
    expect((await approve(risk1, key)).ok).toBe(true);
    const again = await approve(risk2, key);
    expect(again.ok === false && again.error.message).toContain("already met");
    expect((await approve(lead, key)).ok).toBe(true);
    expect(await stageOf(key)).toBe("PROD");
  });

  it("never counts the registrant, even when the rule names them (four-eyes), and says so on the page", async () => {
    const [author, peer] = [await createUser("approver"), await createUser("approver")];
    const t = await team([author, peer]);
    const key = await staged({ rules: [{ reviewers: [`team:${t}`], required: 1 }] }, asActor(author));
    const own = await approve(author, key);
    expect(own.ok === false && own.error.message).toContain("four-eyes");
    const review = await getApprovalReview(testDb(), key, V, author);
    expect(review?.rules[0]?.canStill.map((p) => p.email)).toEqual([peer.email]);
    expect(review?.viewer.approveBlocked).toContain("four-eyes");
  });
});

describe("what the approval page and the queue say", () => {
  it("shows each rule, who met it and who can still, and tells an outsider why they cannot approve", async () => {
    const [inside, inside2, outside, viewer] = [
      await createUser("approver"),
      await createUser("approver"),
      await createUser("approver"),
      await createUser("viewer"),
    ];
    const t = await team([inside, inside2, viewer]);
    const key = await staged({ rules: [{ reviewers: [`team:${t}`], required: 2 }] });
    expect((await approve(inside, key)).ok).toBe(true);

    const page = await getApprovalReview(testDb(), key, V, outside);
    expect(page?.rules).toEqual([
      expect.objectContaining({
        required: 2,
        met: false,
        approvedBy: [{ name: inside.name, email: inside.email }],
        // the viewer is a member but cannot approve: not listed
        canStill: [{ name: inside2.name, email: inside2.email }],
        namesViewer: false,
      }),
    ]);
    expect(page?.viewer.approveBlocked).toContain("not a named reviewer");
    expect((await getApprovalReview(testDb(), key, V, inside2))?.viewer.approveBlocked).toBeNull();

    // the queue's "waiting for you" (read for this version only: the shared database has many)
    const row = await testDb().modelVersion.findFirstOrThrow({
      where: { version: V, model: { key } },
      select: { id: true, registeredByType: true, registeredById: true, registeredBy: true, model: { select: { policy: true } } },
    });
    const turn = async (u: User) => (await turnsFor(testDb(), u, [{ ...row, policy: row.model.policy }])).get(row.id);
    expect(await turn(outside)).toEqual({ kind: "others", why: "not-named" });
    expect(await turn(inside2)).toEqual({ kind: "you" });
    expect(await turn(inside)).toEqual({ kind: "others", why: "decided" });
  });

  it("names who can approve in the version.staged event", async () => {
    const [inside, outside] = [await createUser("approver"), await createUser("approver")];
    const t = await team([inside]);
    const key = await staged({ rules: [{ reviewers: [`team:${t}`], required: 1 }] });
    const event = await testDb().outboxEvent.findFirstOrThrow({ where: { modelKey: key, type: "version.staged" } });
    const payload = event.payload as { canApprove: { teams: { key: string }[]; people: { email: string }[] } };
    expect(payload.canApprove.teams.map((x) => x.key)).toEqual([t]);
    expect(payload.canApprove.people.map((p) => p.email)).toEqual([inside.email]);
    expect(payload.canApprove.people.map((p) => p.email)).not.toContain(outside.email);
  });
});

describe("changing who approves", () => {
  it("refuses an unknown team, an unknown person and a count larger than the people who can meet it, by field", async () => {
    const admin = await createUser("admin");
    const member = await createUser("approver");
    const t = await team([member]);
    const key = await staged({});
    const model = await testDb().model.findUniqueOrThrow({ where: { key }, select: { updatedAt: true } });
    const result = await as(admin, () =>
      updateReviewersAction({
        model: key,
        updatedAt: model.updatedAt.toISOString(),
        rules: [
          { reviewers: [`team:${uniqueModelKey("nope")}`, `user:${uniqueId("ghost")}@rollgate.test`], required: 1 },
          { reviewers: [`team:${t}`], required: 2 },
          { reviewers: [] },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : (result.error.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(["policy.approvals.rules[2].reviewers"]);
    const fixed = await as(admin, () =>
      updateReviewersAction({
        model: key,
        updatedAt: model.updatedAt.toISOString(),
        rules: [
          { reviewers: [`team:${uniqueModelKey("nope")}`, `user:${uniqueId("ghost")}@rollgate.test`], required: 1 },
          { reviewers: [`team:${t}`], required: 2 },
        ],
      }),
    );
    expect(fixed.ok).toBe(false);
    expect(fixed.ok ? [] : (fixed.error.issues ?? []).map((i) => i.path)).toEqual([
      "policy.approvals.rules[0].reviewers[0]",
      "policy.approvals.rules[0].reviewers[1]",
      "policy.approvals.rules[0].required",
      "policy.approvals.rules[1].required",
    ]);
  });

  it("lets the owner team's members edit the rules (audited with before and after), and no other non-admin", async () => {
    const [owner, stranger, admin] = [await createUser("viewer"), await createUser("approver"), await createUser("admin")];
    const reviewer = await createUser("approver");
    const owners = await team([owner]);
    const reviewers = await team([reviewer]);
    const key = await staged({});
    expect((await as(admin, () => setOwnerTeamAction({ model: key, team: owners }))).ok).toBe(true);
    const updatedAt = (await testDb().model.findUniqueOrThrow({ where: { key }, select: { updatedAt: true } })).updatedAt.toISOString();
    const rules = [{ reviewers: [`team:${reviewers}`], required: 1 }];

    const refused = await as(stranger, () => updateReviewersAction({ model: key, updatedAt, rules }));
    expect(refused.ok === false && refused.error.message).toContain(`owner team (${owners})`);

    const saved = await as(owner, () => updateReviewersAction({ model: key, updatedAt, rules }));
    expect(saved.ok && saved.data.changed).toBe(true);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { modelKey: key, action: "model.reviewers_updated" } });
    expect(audit.actorLabel).toBe(owner.email);
    expect(audit.before).toEqual({ rules: [] });
    expect(audit.after).toEqual({ rules: [{ reviewers: [`team:${reviewers}`], required: 1 }] });

    // removing the rule loosens the gate: it waits for a second admin
    const now = (await testDb().model.findUniqueOrThrow({ where: { key }, select: { updatedAt: true } })).updatedAt.toISOString();
    const loosened = await as(owner, () => updateReviewersAction({ model: key, updatedAt: now, rules: [] }));
    expect(loosened.ok && loosened.data.pending?.weakens).toEqual([`approvals rule "1 of team:${reviewers}" removed or loosened`]);
    const policy = (await testDb().model.findUniqueOrThrow({ where: { key }, select: { policy: true } })).policy as {
      approvals: { rules: unknown[] };
    };
    expect(policy.approvals.rules).toHaveLength(1);
  });

  it("refuses an owner team that does not exist, naming the field", async () => {
    const admin = await createUser("admin");
    const key = await staged({});
    const result = await as(admin, () => setOwnerTeamAction({ model: key, team: uniqueModelKey("nope") }));
    expect(result.ok === false && result.error.issues?.[0]?.path).toBe("team");
  });
});
