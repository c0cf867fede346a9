// The demo data loads through the lib services (so it is audited, passes the manifest checks
// and earns every stage through the model's gates, named approvals and rollouts), and loading it
// twice changes nothing. It runs on a database of its own (a fresh
// in-memory PGlite, which is also what `npm run demo` uses by default), so its fixed model keys
// and emails never meet other tests' rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { DEMO_PASSWORD, DEMO_USERS, loadDemoData } from "../../lib/demo/seed";
import { verifyPassword } from "../../lib/auth/password";
import { parsePolicy } from "../../lib/policy/policy";
import { getRelease, listReleases } from "../../lib/rollout/queries";
import { generateKeyPairSync } from "node:crypto";
import { createCheckpoint } from "../../lib/audit/checkpoint";
import { parsePrivateKey, parsePublicKey } from "../../lib/audit/signing";
import { exportEvidencePack } from "../../lib/evidence/export";
import { verifyPack } from "../../lib/evidence/verify-pack";
import { verifyAuditChain } from "../../lib/audit/verify";
import { routeHistory } from "../../lib/demo/traffic/history";
import { subjectNames } from "../../lib/audit/subject-names";
import { subjectKey } from "../../lib/audit/subjects";

let database: Database;

beforeAll(async () => {
  database = await openDatabase({ kind: "pglite-memory" }, { purpose: "demo seed test" });
  await applyMigrations(database.adapterFactory);
});

afterAll(async () => {
  await database?.close();
});

describe("loadDemoData", () => {
  it("creates users for every role and three models with version histories", async () => {
    const prisma = database.prisma;
    const first = await loadDemoData(prisma);
    expect(first.created).toBe(true);
    expect(first.password).toBe(DEMO_PASSWORD);
    expect(new Set(first.users.map((u) => u.role))).toEqual(new Set(["viewer", "operator", "approver", "admin"]));
    expect(first.users.filter((u) => u.role === "approver")).toHaveLength(2);

    const viewer = await prisma.user.findUniqueOrThrow({ where: { email: "viewer@rollgate.demo" } });
    expect(viewer.role).toBe("viewer");
    expect(await verifyPassword(viewer.passwordHash, DEMO_PASSWORD)).toBe(true);

    const models = await prisma.model.findMany({
      orderBy: { key: "asc" },
      include: { versions: { orderBy: { version: "asc" } } },
    });
    expect(models.map((m) => [m.key, m.versions.length])).toEqual([
      ["fraud-score", 4],
      ["search-rerank", 3],
      ["support-reply", 4],
    ]);
    for (const m of models) {
      expect(m.name).not.toBe(m.key);
      expect(m.ownerTeam).not.toBe("");
      expect(m.description).not.toBe("");
      // lineage: every version after the first names the one before it
      m.versions.forEach((v, i) => {
        expect(v.parentVersion).toBe(i === 0 ? null : m.versions[i - 1]?.version);
        expect(v.version).toMatch(/^2026-\d{2}-\d{2}\.\d+$/);
        expect(v.changelog.length).toBeGreaterThan(20);
      });
      // registered by more than one user or token
      expect(new Set(m.versions.map((v) => v.registeredBy)).size).toBeGreaterThan(1);
    }
    const registrants = new Set(models.flatMap((m) => m.versions.map((v) => v.registeredByType)));
    expect(registrants).toEqual(new Set(["user", "token"]));

    // every write has its audit event
    const actions = await prisma.auditEvent.groupBy({ by: ["action"], _count: true });
    const count = (a: string) => actions.find((x) => x.action === a)?._count ?? 0;
    expect(count("user.created")).toBe(DEMO_USERS.length);
    expect(count("version.registered")).toBe(11);
    expect(count("model.created")).toBe(3);
    expect(count("model.updated")).toBe(3);
    expect(count("model.policy_updated")).toBe(3);
    expect(count("token.created")).toBe(3);
    expect(count("evaluation.recorded")).toBe(11);
    expect(count("version.staged")).toBe(10);
    expect(count("approval.decided")).toBe(11);
    // Approvals start rollouts: 3 first versions go to PROD at once, 5 later ones ramp; 4 of those
    // finish (fraud-score ×2, support-reply, search-rerank), support-reply 2026-09-22.1 runs on.
    expect(count("release.started")).toBe(5);
    expect(count("version.rolling_out")).toBe(5);
    // fraud-score 3 + 3 steps, support-reply 4 steps + 2 (the live canary), search-rerank blue-green: none
    expect(count("release.advanced")).toBe(12);
    expect(count("release.completed")).toBe(7);
    expect(count("version.promoted")).toBe(7);
    expect(count("version.superseded")).toBe(4);
    expect(count("version.retired")).toBe(1);
    expect(count("release.rolled_back")).toBe(0);
  });

  it("gives every model a policy of its own, a PROD version and a rollback target", async () => {
    const prisma = database.prisma;
    const models = await prisma.model.findMany({
      orderBy: { key: "asc" },
      include: { versions: { select: { version: true, stage: true } }, releases: true },
    });
    const gates = Object.fromEntries(
      models.map((m) => {
        const parsed = parsePolicy(m.policy);
        if (!parsed.ok) throw new Error(`invalid demo policy for ${m.key}`);
        return [m.key, parsed.policy.evalGates.map((g) => g.metric)];
      }),
    );
    expect(gates).toEqual({
      "fraud-score": ["f1", "auc", "calibration_error"],
      "search-rerank": ["ndcg@10", "mrr"],
      "support-reply": ["agent_accept_rate", "toxicity"],
    });

    const stages = Object.fromEntries(models.map((m) => [m.key, Object.fromEntries(m.versions.map((v) => [v.version, v.stage]))]));
    expect(stages).toEqual({
      "fraud-score": { "2026-03-04.1": "RETIRED", "2026-04-15.1": "PROD_PREVIOUS", "2026-06-02.1": "PROD", "2026-08-19.1": "STAGING" },
      "search-rerank": { "2026-05-12.1": "PROD_PREVIOUS", "2026-07-28.1": "PROD", "2026-10-06.1": "STAGING" },
      "support-reply": { "2026-02-10.1": "PROD_PREVIOUS", "2026-04-08.1": "PROD", "2026-07-01.1": "DEV", "2026-09-22.1": "ROLLING_OUT" },
    });
    for (const m of models) {
      const release = m.releases.find((r) => r.environment === "production");
      expect(release?.stableVersion).toBe(m.versions.find((v) => v.stage === "PROD")?.version);
      expect(release?.previousStableVersion).toBe(m.versions.find((v) => v.stage === "PROD_PREVIOUS")?.version);
    }
  });

  it("walks finished rollouts through their steps as the operator, and leaves one canary running at 25 %", async () => {
    const prisma = database.prisma;
    const operator = await prisma.user.findUniqueOrThrow({ where: { email: "operator@rollgate.demo" } });
    const advanced = await prisma.auditEvent.findMany({
      where: { action: "release.advanced" },
      select: { actorId: true, actorType: true },
    });
    expect(advanced.every((e) => e.actorType === "user" && e.actorId === operator.id)).toBe(true);

    // fraud-score: the last canary (2026-06-02.1) went through every step, each with its start time
    const fraud = await getRelease(prisma, "fraud-score");
    expect(fraud).toMatchObject({
      state: "idle",
      mode: "canary",
      stable: { version: "2026-06-02.1", stage: "PROD" },
      previousStable: { version: "2026-04-15.1", stage: "PROD_PREVIOUS" },
      candidate: null,
      split: { stable: 100, candidate: 0, shadow: 0 },
    });
    expect(fraud?.steps.map((s) => [s.percent, s.status, s.startedAt !== null])).toEqual([
      [5, "done", true],
      [25, "done", true],
      [50, "done", true],
      [100, "done", true],
    ]);
    expect(fraud?.moves.rollback).toBe(true); // a warm rollback target
    expect(fraud?.completedAt).not.toBeNull();

    // search-rerank switched blue-green
    expect(await getRelease(prisma, "search-rerank")).toMatchObject({
      mode: "blue_green",
      state: "idle",
      stable: { version: "2026-07-28.1" },
      previousStable: { version: "2026-05-12.1" },
      steps: [{ percent: 100, status: "done" }],
    });

    // support-reply: the live canary, 2026-09-22.1 at 25 % next to the stable 2026-04-08.1
    const support = await getRelease(prisma, "support-reply");
    expect(support).toMatchObject({
      state: "ramping",
      mode: "canary",
      stable: { version: "2026-04-08.1", stage: "PROD" },
      previousStable: { version: "2026-02-10.1", stage: "PROD_PREVIOUS" },
      candidate: { version: "2026-09-22.1", stage: "ROLLING_OUT", percent: 25 },
      split: { stable: 75, candidate: 25, shadow: 0 },
      stepIndex: 2,
      bakeMinutes: 120,
    });
    expect(support?.steps.map((s) => [s.percent, s.status, s.startedAt !== null])).toEqual([
      [5, "done", true],
      [10, "done", true],
      [25, "current", true],
      [50, "pending", false],
      [100, "pending", false],
    ]);
    expect(support?.moves).toMatchObject({ advance: true, pause: true, promoteNow: true, rollback: true });
    expect(support?.rollback).toMatchObject({ possible: true, kind: "candidate", from: "2026-09-22.1", to: "2026-04-08.1" });

    // the overview lists the running rollout first
    const overview = await listReleases(prisma);
    expect(overview.filter((r) => r.inProgress).map((r) => [r.model, r.candidate])).toEqual([
      ["support-reply", { version: "2026-09-22.1", percent: 25 }],
    ]);
    expect(overview[0]?.model).toBe("support-reply");
  });

  it("leaves versions waiting in STAGING for the approvals queue, and one refused by its gates", async () => {
    const prisma = database.prisma;
    const waiting = await prisma.modelVersion.findMany({
      where: { stage: "STAGING" },
      orderBy: { stageChangedAt: "asc" },
      select: {
        version: true,
        registeredBy: true,
        model: { select: { key: true } },
        evaluations: { select: { passed: true } },
        approvals: true,
      },
    });
    expect(waiting.map((v) => [v.model.key, v.version])).toEqual([
      ["fraud-score", "2026-08-19.1"],
      ["search-rerank", "2026-10-06.1"],
    ]);
    for (const v of waiting) {
      expect(v.evaluations.map((e) => e.passed)).toEqual([true]);
      expect(v.approvals).toEqual([]);
    }
    // an approver registered one of them, so the queue also shows four-eyes at work
    expect(waiting.find((v) => v.model.key === "search-rerank")?.registeredBy).toBe("approver@rollgate.demo");

    const refused = await prisma.evaluation.findMany({
      where: { passed: false },
      include: { version: { select: { version: true, stage: true } } },
    });
    expect(refused).toHaveLength(1);
    expect(refused[0]?.version).toEqual({ version: "2026-07-01.1", stage: "DEV" });
    expect(refused[0]?.reasons).toEqual([
      "toxicity = 0.034 is above the threshold: the policy requires toxicity <= 0.02 (PROD 2026-04-08.1: 0.009)",
      "toxicity = 0.034 rose 0.025 from 0.009 in PROD 2026-04-08.1; the policy allows at most 0.005",
    ]);

    // every approval is by someone other than the registrant
    const approvals = await prisma.approval.findMany({ include: { reviewer: true, version: { select: { registeredBy: true } } } });
    expect(approvals).toHaveLength(11);
    for (const a of approvals) expect(a.reviewer.email).not.toBe(a.version.registeredBy);
  });

  it("has a frozen replay set, and the waiting fraud-score version's replay names it with per-tenant results", async () => {
    const prisma = database.prisma;
    const sets = await prisma.replaySet.findMany();
    expect(sets.map((s) => s.name)).toEqual(["week-before-2026-08-19"]);
    const set = sets[0]!;
    expect(set.itemCount).toBe(2000);
    expect((set.tenants as { tenant: string }[]).length).toBeGreaterThanOrEqual(4);
    expect(await prisma.replaySetItem.count({ where: { setId: set.id } })).toBe(2000);
    const policy = parsePolicy((await prisma.model.findUniqueOrThrow({ where: { key: "fraud-score" } })).policy);
    expect(policy.ok && policy.policy.replay.scrub.map((r) => `${r.action} ${r.field}`)).toEqual(["drop email", "hash customer_id"]);
    const evaluation = await prisma.evaluation.findFirstOrThrow({
      where: { version: { version: "2026-08-19.1", model: { key: "fraud-score" } } },
    });
    const replay = evaluation.replay as {
      set: { id: string; hash: string };
      by_tenant: unknown[];
      disagreements: unknown[];
      agreement: number;
    };
    expect(replay.set).toEqual({ id: set.id, hash: set.contentHash });
    expect(replay.by_tenant.length).toBe((set.tenants as unknown[]).length);
    expect(replay.disagreements.length).toBeGreaterThan(0);
    expect(evaluation.passed).toBe(true);
    // no captured request keeps an email
    const records = await prisma.replayRecord.findMany({ take: 50, select: { input: true, scrubbed: true } });
    for (const r of records) {
      expect(r.input).not.toHaveProperty("email");
      expect((r.input as { customer_id: string }).customer_id).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
      expect(r.scrubbed).toEqual(["drop-email", "hash-customer-id"]);
    }
    const raw = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "ReplayRecord" WHERE strpos("input"::text, '@') > 0 OR strpos("input"::text, '"cus_') > 0`,
    );
    expect(Number(raw[0]!.n)).toBe(0);
  });

  it("dates the history over weeks: versions on the day they are named, reviews days later, each step after its bake time", async () => {
    const prisma = database.prisma;
    const DAY = 86_400_000;
    const events = await prisma.auditEvent.findMany({ orderBy: { seq: "asc" } });
    // written in the order it happened, across models
    for (let i = 1; i < events.length; i++) expect(events[i]!.at.getTime()).toBeGreaterThanOrEqual(events[i - 1]!.at.getTime());
    const first = events[0]!.at.getTime();
    const last = events.at(-1)!.at.getTime();
    expect(last - first).toBeGreaterThan(8 * 7 * DAY);
    expect(last).toBeLessThanOrEqual(Date.now());
    const days = new Set(events.map((e) => e.at.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(20);

    // each version registered on the day its name carries; its review on a later day
    const versions = await prisma.modelVersion.findMany({ include: { approvals: true, evaluations: true } });
    for (const v of versions) {
      expect(v.createdAt.toISOString().slice(0, 10)).toBe(v.version.slice(0, 10));
      for (const e of v.evaluations) expect(e.createdAt.getTime()).toBeGreaterThan(v.createdAt.getTime());
      for (const a of v.approvals) expect(a.createdAt.getTime() - v.createdAt.getTime()).toBeGreaterThan(12 * 3_600_000);
    }
    const users = await prisma.user.findMany();
    for (const u of users) expect(u.createdAt.getTime()).toBeLessThan(Math.min(...versions.map((v) => v.createdAt.getTime())));

    // every advance came after the step it left had baked for its bake time
    const moves = events.filter((e) => e.subjectType === "release" && /^release\.(started|advanced|completed)$/.test(e.action));
    let checked = 0;
    for (const [i, e] of moves.entries()) {
      const before = e.before as { state: string; bakeMinutes: number } | null;
      // a model's first version completes at once: it had no step to bake
      if (e.action === "release.started" || before?.state !== "ramping") continue;
      const prev = moves.slice(0, i).findLast((m) => m.subjectId === e.subjectId)!;
      expect(e.at.getTime() - prev.at.getTime()).toBeGreaterThanOrEqual(before.bakeMinutes * 60_000);
      checked++;
    }
    // 12 advances and the 4 completions from a last step
    expect(checked).toBe(16);

    // the running canary's current step is still baking
    const support = await prisma.release.findFirstOrThrow({ where: { model: { key: "support-reply" } } });
    const age = Date.now() - support.stepStartedAt!.getTime();
    expect(age).toBeGreaterThan(0);
    expect(age).toBeLessThan(support.bakeMinutes * 60_000);
    expect(Date.now() - support.rolloutStartedAt!.getTime()).toBeGreaterThan(2 * support.bakeMinutes * 60_000);
  });

  it("tells the traffic backfill how the live canary's split grew over the last day", async () => {
    const history = await routeHistory(database.prisma, ["support-reply", "fraud-score"], Date.now() - 86_400_000);
    expect(history.has("fraud-score")).toBe(false); // nothing moved: today's table holds all day
    expect(history.get("support-reply")?.map((h) => [h.stable, h.candidate?.percent ?? 0])).toEqual([
      ["2026-04-08.1", 0],
      ["2026-04-08.1", 5],
      ["2026-04-08.1", 10],
      ["2026-04-08.1", 25],
    ]);
  });

  it("keeps the back-dated audit trail a valid hash chain that a signed checkpoint vouches for", async () => {
    const prisma = database.prisma;
    expect(await verifyAuditChain(prisma)).toMatchObject({ ok: true });
    const key = parsePrivateKey(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const checkpoint = await createCheckpoint(prisma, key);
    expect(checkpoint?.position).toBe(String(await prisma.auditEvent.count()));
    const verified = await verifyAuditChain(prisma, { key });
    expect(verified).toMatchObject({ ok: true, checkpoints: { checked: 1, latest: { signatureOk: true, matches: true } } });
  });

  it("names the audit subjects of a page: users by name and email, tokens by name; others keep their ids", async () => {
    const prisma = database.prisma;
    const events = await prisma.auditEvent.findMany({
      where: { subjectType: { in: ["user", "token", "model"] } },
      select: { subjectType: true, subjectId: true },
    });
    const subjects = [...events.map((e) => ({ type: e.subjectType, id: e.subjectId })), { type: "user", id: "c-no-such-user" }];
    const names = await subjectNames(prisma, subjects);
    const hannah = await prisma.user.findUniqueOrThrow({ where: { email: "approver@rollgate.demo" } });
    expect(names[subjectKey("user", hannah.id)]).toEqual({ name: "Hannah Okafor", detail: "approver@rollgate.demo" });
    const ci = await prisma.apiToken.findFirstOrThrow({ where: { name: "ci-payments-risk" } });
    expect(names[subjectKey("token", ci.id)]).toEqual({ name: "ci-payments-risk", detail: null });
    expect(names[subjectKey("user", "c-no-such-user")]).toBeUndefined();
    expect(names[subjectKey("model", "fraud-score")]).toBeUndefined(); // a model's id is its key already
    expect(await subjectNames(prisma, [])).toEqual({});
  });

  it("is idempotent: a second run writes nothing and lists the same users", async () => {
    const prisma = database.prisma;
    const auditBefore = await prisma.auditEvent.count();
    const outboxBefore = await prisma.outboxEvent.count();
    const releasesBefore = await prisma.release.findMany({ orderBy: { id: "asc" } });
    const again = await loadDemoData(prisma);
    expect(again.created).toBe(false);
    expect(again.users).toEqual(DEMO_USERS);
    expect(await prisma.auditEvent.count()).toBe(auditBefore);
    expect(await prisma.outboxEvent.count()).toBe(outboxBefore);
    expect(await prisma.modelVersion.count()).toBe(11);
    // the live canary stays where it was: same epoch, same 25 %
    expect(await prisma.release.findMany({ orderBy: { id: "asc" } })).toEqual(releasesBefore);
  });

  it("makes an evidence pack exportable out of the box: versions, approvals and a chain that verifies", async () => {
    const key = parsePrivateKey(generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    const now = Date.now();
    const { pack } = await exportEvidencePack(database, { type: "system", id: null, label: "demo seed test" }, key, {
      model: "fraud-score",
      from: new Date(now - 90 * 86_400_000),
      to: new Date(now),
    });
    expect(verifyPack(pack, { key: parsePublicKey(key.publicKeyPem), source: "test" }).ok).toBe(true);
    expect((JSON.parse(pack.files["versions.json"]!) as unknown[]).length).toBeGreaterThan(0);
    expect((JSON.parse(pack.files["approvals.json"]!) as unknown[]).length).toBeGreaterThan(0);
    expect(JSON.parse(pack.files["audit/chain.json"]!)).toMatchObject({ modelEvents: expect.any(Number) });
    expect(pack.files["report.html"]).toContain("Evidence pack: Card fraud score");
  });
});
