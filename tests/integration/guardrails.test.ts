// The guardrail loop against a real database: telemetry fed through the ingest with explicit
// timestamps, evaluations with an explicit clock, moves through the rollout service.
// Every test makes its own model.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as decisionsRoute } from "../../app/api/v1/models/[model]/release/decisions/route";
import { POST as evaluateRoute } from "../../app/api/v1/models/[model]/release/evaluate/route";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import type { Evaluation } from "../../lib/guardrails/evaluate";
import { openDatabase, type Database } from "../../lib/database/open";
import { evaluateRelease } from "../../lib/guardrails/evaluate";
import { GUARDRAIL_LOCK_KEY, guardrailJob, type GuardrailOptions } from "../../lib/guardrails/loop";
import { approveVersion, recordEvaluation } from "../../lib/lifecycle/service";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { afterRollback, beforeStats } from "../../lib/guardrails/incident-metrics";
import { promoteNow, rollback, startRollout } from "../../lib/rollout/service";
import { ingestBatch } from "../../lib/telemetry/ingest";
import { testDatabase, testDb } from "./support/db";
import { pgProxy } from "./support/pg-proxy";
import { callRoute } from "./support/http";
import { createApiToken, createUser, uniqueId, uniqueModelKey } from "./support/factories";

const V1 = "2026-01-10.1";
const V2 = "2026-01-15.2";
const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";
const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });

let ci: Actor;
let approver: User;
let sender: Actor;

beforeAll(async () => {
  const name = `ci-${uniqueModelKey("guard")}`;
  const token = await createApiToken(["registry:write"], name);
  ci = { type: "token", id: token.id, label: name, scopes: ["registry:write"] };
  approver = await createUser("approver");
  const t = await createApiToken(["telemetry:write"]);
  sender = { type: "token", id: t.id, label: "sender", scopes: ["telemetry:write"] };
});

async function stage(key: string, version: string) {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = version;
  delete m.parent_version;
  expect((await registerVersion(testDb(), ci, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" })).status).toBe(
    201,
  );
  expect((await recordEvaluation(testDb(), ci, { modelKey: key, version, dataset: DATASET, metrics: { f1: 0.93 } })).body.stage).toBe(
    "STAGING",
  );
}

/** A model with stable V1 and a canary of V2 at its first step, under a small-sample policy. */
async function canary(guardrails: Record<string, unknown> = {}): Promise<string> {
  const key = uniqueModelKey("it-guard");
  await stage(key, V1);
  await approveVersion(testDb(), asActor(approver), { modelKey: key, version: V1 });
  await testDb().model.update({ where: { key }, data: { policy: { guardrails: { minSample: 50, ...guardrails } } } });
  await stage(key, V2);
  await startRollout(testDb(), asActor(approver), { modelKey: key, version: V2 });
  return key;
}

type Traffic = { n: number; latencyMs: number; errorEvery?: number; ts?: number };

/**
 * `n` events of one version, spread over 50 ms from `ts` (now: after the step began), all in the
 * minute `ts` is in: the window reads whole minutes up to now, so an event in a minute that has
 * not begun yet would not count.
 */
async function send(key: string, version: string, t: Traffic) {
  const start = t.ts ?? Date.now();
  const ts = Math.min(start, Math.floor(start / 60_000) * 60_000 + 60_000 - 50);
  const events = Array.from({ length: t.n }, (_, i) => ({
    request_id: uniqueId(`g${i}`),
    model: key,
    version,
    tenant: `tenant-${i % 3}`,
    ts: ts + (i % 50),
    latency_ms: t.latencyMs,
    outcome: t.errorEvery && i % t.errorEvery === 0 ? "error" : "ok",
    score: 0.9,
  }));
  const r = await ingestBatch(testDatabase(), sender, { events });
  expect(r.rejected).toEqual([]);
}

// pg_locks spans every database on the server: count only this suite's own
const GUARD_LOCK = `locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ((classid::bigint << 32) | objid::bigint) = ${GUARDRAIL_LOCK_KEY}`;

const releaseOf = (key: string) => testDb().release.findFirstOrThrow({ where: { model: { key } } });
const decisionsOf = async (key: string) =>
  testDb().guardrailDecision.findMany({ where: { release: { model: { key } } }, orderBy: { createdAt: "asc" } });
const outboxOf = (key: string) => testDb().outboxEvent.findMany({ where: { modelKey: key }, orderBy: { id: "asc" } });

/** Pretends the current step began `minutes` ago (the bake clock). */
async function stepBegan(key: string, minutes: number) {
  const r = await releaseOf(key);
  await testDb().release.update({ where: { id: r.id }, data: { stepStartedAt: new Date(Date.now() - minutes * 60_000) } });
}

describe("guardrail evaluation", () => {
  it("rolls back a candidate breaching its p95 limit, with the numbers in the incident and the event", async () => {
    const key = await canary();
    await send(key, V1, { n: 200, latencyMs: 50 });
    await send(key, V2, { n: 80, latencyMs: 400 });
    const r = await releaseOf(key);

    const e = await evaluateRelease(testDb(), r.id);
    expect(e).toMatchObject({ outcome: "rollback", moved: "rolled_back" });
    expect(e?.reason).toMatch(/p95 latency \d+ ms > limit 120 ms \(hard, newest 80 requests\)/);

    const after = await releaseOf(key);
    expect(after).toMatchObject({ candidateVersion: null, stableVersion: V1, state: "rolled_back" });
    const incident = await testDb().incident.findFirstOrThrow({ where: { releaseId: r.id } });
    expect(incident).toMatchObject({ trigger: "guardrail", triggeredBy: "guardrail", fromVersion: V2, toVersion: V1 });
    const before = incident.metricsBefore as {
      checks: { name: string; value: number; threshold: number; sample: number; passed: boolean }[];
      candidate: { requests: number };
      stable: { requests: number };
    };
    expect(before.candidate.requests).toBe(80);
    expect(before.stable.requests).toBe(200);
    expect(before.checks.find((c) => c.name === "latency_p95")).toMatchObject({ threshold: 120, sample: 80, passed: false });

    const rolled = (await outboxOf(key)).find((o) => o.type === "release.rolled_back");
    expect(rolled?.payload).toMatchObject({ trigger: "guardrail", by: "guardrail", fromVersion: V2, toVersion: V1 });
    const d = await decisionsOf(key);
    expect(d.at(-1)).toMatchObject({ outcome: "rollback", candidateVersion: V2 });
  });

  it("waits below the minimum sample and moves nothing while the evidence is thin", async () => {
    const key = await canary();
    await send(key, V1, { n: 200, latencyMs: 50 });
    await send(key, V2, { n: 20, latencyMs: 55, errorEvery: 5 });
    const r = await releaseOf(key);
    const e = await evaluateRelease(testDb(), r.id);
    expect(e).toMatchObject({ outcome: "waiting", moved: null });
    expect(e?.reason).toContain(`candidate ${V2} 20 / 50 requests`);
    expect((await releaseOf(key)).epoch).toBe(r.epoch);

    // a second quiet evaluation refreshes the latest decision instead of adding one
    await evaluateRelease(testDb(), r.id);
    expect(await decisionsOf(key)).toHaveLength(1);
  });

  it("advances a healthy candidate after the bake time, and completes at the last step", async () => {
    const key = await canary();
    await send(key, V1, { n: 200, latencyMs: 50 });
    await send(key, V2, { n: 100, latencyMs: 52 });
    const r = await releaseOf(key);

    const early = await evaluateRelease(testDb(), r.id);
    expect(early).toMatchObject({ outcome: "healthy", moved: null });
    expect(early?.reason).toMatch(/advances to 25 % in \d+ min/);

    await stepBegan(key, 31);
    expect(await evaluateRelease(testDb(), r.id)).toMatchObject({ outcome: "advance", moved: "advanced" });
    expect(await releaseOf(key)).toMatchObject({ stepIndex: 1, candidatePercent: 25 });

    for (const percent of [50, 100]) {
      await stepBegan(key, 31);
      await evaluateRelease(testDb(), r.id);
      expect((await releaseOf(key)).candidatePercent).toBe(percent);
    }
    await stepBegan(key, 31);
    expect(await evaluateRelease(testDb(), r.id)).toMatchObject({ outcome: "complete", moved: "completed" });
    expect(await releaseOf(key)).toMatchObject({ stableVersion: V2, candidateVersion: null, previousStableVersion: V1 });
    expect((await decisionsOf(key)).map((d) => d.outcome)).toEqual(["healthy", "advance", "advance", "advance", "complete"]);
  });

  it("holds on a soft breach: pauses the ramp and emits release.held", async () => {
    const key = await canary({ limits: { severity: "soft" } });
    await send(key, V1, { n: 200, latencyMs: 50 });
    await send(key, V2, { n: 80, latencyMs: 400 });
    const r = await releaseOf(key);
    const e = await evaluateRelease(testDb(), r.id);
    expect(e).toMatchObject({ outcome: "hold", moved: "paused" });
    expect(e?.reason).toMatch(/^holding: p95 latency/);
    expect(await releaseOf(key)).toMatchObject({ state: "paused", candidateVersion: V2 });
    const held = (await outboxOf(key)).find((o) => o.type === "release.held");
    expect(held?.payload).toMatchObject({ version: V2, by: "guardrail" });
  });

  it("holds a confidently slower candidate below the minimum sample, with the test's evidence in release.held", async () => {
    const key = await canary({ minSample: 500 });
    await send(key, V1, { n: 400, latencyMs: 50 });
    await send(key, V2, { n: 30, latencyMs: 90 });
    const r = await releaseOf(key);
    const e = await evaluateRelease(testDb(), r.id);
    expect(e).toMatchObject({ outcome: "hold", moved: "paused" });
    expect(e?.reason).toMatch(
      /^holding: p95 latency \d+ ms vs limit \d+ ms: 100 % of requests slower than the limit, 5 % allowed: confident worse/,
    );
    const held = (await outboxOf(key)).find((o) => o.type === "release.held");
    expect(held?.payload).toMatchObject({
      checks: [
        {
          name: "relative_latency_p95",
          passed: false,
          sequential: { verdict: "worse", reference: 0.05, candidate: { events: 30, requests: 30 } },
        },
      ],
    });
    // the decision stores the numbers, not the histogram they were read from
    const [decision] = await decisionsOf(key);
    expect(JSON.stringify(decision?.sample)).not.toContain("latencyHist");
  });

  it("after promotion, a hard breach rolls back to the previous stable", async () => {
    const key = await canary();
    await promoteNow(testDb(), asActor(approver), { modelKey: key });
    await send(key, V2, { n: 100, latencyMs: 40, errorEvery: 5 });
    const r = await releaseOf(key);
    expect(r).toMatchObject({ stableVersion: V2, previousStableVersion: V1 });
    const e = await evaluateRelease(testDb(), r.id);
    expect(e).toMatchObject({ outcome: "rollback", moved: "rolled_back" });
    expect(e?.reason).toMatch(new RegExp(`previous stable ${V1.replace(/\./g, "\\.")}: error rate 20 % > limit 1 %`));
    expect((await releaseOf(key)).stableVersion).toBe(V1);

    // once the window is over, nothing is watched
    const later = await evaluateRelease(testDb(), r.id, { now: new Date(Date.now() + 31 * 60_000) });
    expect(later).toBeNull();
  });
});

describe("evaluate now (API)", () => {
  it("evaluates at once with release:write, refuses other scopes, and 409s when nothing is watched", async () => {
    const key = await canary();
    await send(key, V1, { n: 60, latencyMs: 50 });
    await send(key, V2, { n: 60, latencyMs: 50, errorEvery: 3 });
    const writer = await createApiToken(["release:write"]);
    const reader = await createApiToken(["routes:read"]);
    const call = (token: string) =>
      callRoute(evaluateRoute, { method: "POST", path: `/api/v1/models/${key}/release/evaluate`, params: { model: key }, token });

    expect((await call(reader.secret)).status).toBe(403);
    const res = await call(writer.secret);
    expect(res.status).toBe(200);
    const body = await res.json<{ model: string; outcome: string; moved: string; reason: string }>();
    expect(body).toMatchObject({ model: key, outcome: "rollback", moved: "rolled_back" });
    expect(body.reason).toMatch(/error rate 33\.3 % > limit 1 % \(hard, newest 60 requests\)/);
    expect((await call(writer.secret)).status).toBe(409);

    const list = await callRoute(decisionsRoute, {
      path: `/api/v1/models/${key}/release/decisions`,
      params: { model: key },
      token: reader.secret,
    });
    expect(list.status).toBe(200);
    expect((await list.json<{ decisions: { outcome: string }[] }>()).decisions[0]).toMatchObject({ outcome: "rollback" });
  });
});

describe("incident metrics", () => {
  it("a person's rollback stores the candidate's numbers before it; after is the stable since the rollback", async () => {
    const key = await canary();
    await send(key, V1, { n: 30, latencyMs: 50 });
    await send(key, V2, { n: 40, latencyMs: 300, errorEvery: 4 });
    const r = await rollback(testDb(), asActor(approver), { modelKey: key, reason: "on-call saw errors" });
    const incident = await testDb().incident.findUniqueOrThrow({ where: { id: r.incidentId } });
    const before = beforeStats(incident.metricsBefore);
    expect(before.decision).toBeNull();
    expect(before.stats).toMatchObject({ version: V2, requests: 40, errors: 10, errorRate: 0.25 });

    const release = await releaseOf(key);
    const at = incident.rolledBackAt.getTime();
    await send(key, V1, { n: 25, latencyMs: 50, ts: Math.ceil(at / 60_000) * 60_000 + 1_000 });
    const after = await afterRollback(testDb(), release.modelId, V1, incident.rolledBackAt, new Date(at + 5 * 60_000));
    expect(after).toMatchObject({ version: V1, requests: 25, errorRate: 0 });
  });
});

/** The loop, started; the backoff's jitter fixed at none, so its waits are exact. */
function startGuardrails(database: Database, opts: GuardrailOptions) {
  const loop = guardrailJob(database, { random: () => 0, ...opts });
  loop.start();
  return loop;
}

describe("guardrail loop", () => {
  it("across two instances on one PostgreSQL database, exactly one leads", async (ctx) => {
    const target = testDatabase().target;
    if (target.kind !== "postgres") return ctx.skip();
    const a = await openDatabase(target, { purpose: "guardrail instance a" });
    const b = await openDatabase(target, { purpose: "guardrail instance b" });
    const logs: string[] = [];
    const loopA = startGuardrails(a, { intervalSeconds: 3600, log: (m) => logs.push(`a ${m}`) });
    const loopB = startGuardrails(b, { intervalSeconds: 3600, log: (m) => logs.push(`b ${m}`) });
    try {
      const key = await canary();
      await send(key, V1, { n: 200, latencyMs: 50 });
      await send(key, V2, { n: 80, latencyMs: 52 });
      const [ea, eb] = await Promise.all([loopA.runOnce(), loopB.runOnce()]);
      expect([loopA.isLeader(), loopB.isLeader()].filter(Boolean)).toHaveLength(1);
      const [leader, follower] = loopA.isLeader() ? [ea, eb] : [eb, ea];
      expect(follower).toEqual([]);
      expect(leader.some((e) => e.modelKey === key)).toBe(true);

      // the leader stops: the other takes over at its next pass
      const [first, second] = loopA.isLeader() ? [loopA, loopB] : [loopB, loopA];
      await first.stop();
      await second.runOnce();
      expect(second.isLeader()).toBe(true);
    } finally {
      await loopA.stop();
      await loopB.stop();
      await a.close();
      await b.close();
    }
  });

  it("evaluates as the candidate's telemetry arrives: a severe breach is rolled back long before the timer's pass", async () => {
    const key = await canary();
    const evaluated: Evaluation[] = [];
    let seen: (() => void) | null = null;
    // an hour between timer passes: only telemetry can wake it
    const loop = startGuardrails(testDatabase(), {
      intervalSeconds: 3600,
      onEvaluation: (e) => {
        if (e.modelKey !== key) return;
        evaluated.push(e);
        seen?.();
      },
    });
    try {
      await send(key, V1, { n: 1900, latencyMs: 50, errorEvery: 100 });
      // stable alone: nothing about the candidate to judge, so no wake-up for it
      await send(key, V2, { n: 100, latencyMs: 50, errorEvery: 5 });
      while (!evaluated.some((e) => e.moved === "rolled_back")) await new Promise<void>((resolve) => (seen = resolve));
      const rolledBack = evaluated.find((e) => e.moved === "rolled_back")!;
      expect(rolledBack.reason).toMatch(/error rate 20 % vs stable 1 %: confident worse/);
      expect(await releaseOf(key)).toMatchObject({ state: "rolled_back", candidateVersion: null, stableVersion: V1 });
    } finally {
      await loop.stop();
    }
  });

  it("survives losing its database connection and leads again", async (ctx) => {
    const target = testDatabase().target;
    if (target.kind !== "postgres") return ctx.skip();
    const a = await openDatabase(target, { purpose: "guardrail outage" });
    const logs: string[] = [];
    const loop = startGuardrails(a, { intervalSeconds: 3600, log: (m) => logs.push(m) });
    try {
      await loop.runOnce();
      expect(loop.isLeader()).toBe(true);
      // kill the connection holding the guardrail lock (the leader's session)
      const killed = await testDb().$queryRawUnsafe<{ ok: boolean }[]>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE ${GUARD_LOCK}`,
      );
      expect(killed.length).toBeGreaterThan(0);
      await expect(loop.runOnce()).resolves.toBeDefined();
      expect(loop.isLeader()).toBe(true);
      const locks = await testDb().$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_locks WHERE ${GUARD_LOCK}`);
      expect(locks[0]?.n).toBe(1);
    } finally {
      await loop.stop();
      await a.close();
    }
  });
  it("backs off while the database is unreachable, then resumes and rolls back a breaching canary", async (ctx) => {
    const target = testDatabase().target;
    if (target.kind !== "postgres") return ctx.skip();
    const key = await canary();
    await send(key, V1, { n: 200, latencyMs: 50 });
    await send(key, V2, { n: 80, latencyMs: 400 });

    const u = new URL(target.url);
    const proxy = pgProxy(u.hostname, Number(u.port || 5432));
    await proxy.start();
    u.hostname = "127.0.0.1";
    u.port = String(proxy.port);
    const proxied = await openDatabase({ kind: "postgres", url: u.toString() }, { purpose: "guardrail loop outage" });
    const logs: string[] = [];
    const evaluations: Evaluation[] = [];
    const waiters: (() => void)[] = [];
    const notify = () => waiters.splice(0).forEach((w) => w());
    const until = async (pred: () => boolean) => {
      while (!pred()) await new Promise<void>((resolve) => waiters.push(resolve));
    };
    await proxy.stop();
    const loop = startGuardrails(proxied, {
      intervalSeconds: 0.05,
      maxBackoffMs: 400,
      log: (m) => {
        logs.push(m);
        notify();
      },
      onEvaluation: (e) => {
        evaluations.push(e);
        notify();
      },
    });
    try {
      // each failed pass waits twice as long as the one before, up to the cap
      await until(() => logs.filter((m) => m.includes("pass failed")).length >= 4);
      const waits = logs.filter((m) => m.includes("pass failed")).map((m) => /retrying in (\d+) ms/.exec(m)?.[1]);
      expect(waits.slice(0, 4)).toEqual(["100", "200", "400", "400"]);
      expect(evaluations).toEqual([]);
      expect(await releaseOf(key)).toMatchObject({ candidateVersion: V2, state: "ramping" });

      await proxy.start();
      // the pass that rolls back is the one after which the loop reports it is back on its interval
      await until(() => logs.some((m) => m.includes("guardrails: resumed after") && m.includes("running every 50 ms")));
      expect(evaluations.find((e) => e.modelKey === key)).toMatchObject({ outcome: "rollback", moved: "rolled_back" });
      expect(await releaseOf(key)).toMatchObject({ candidateVersion: null, stableVersion: V1, state: "rolled_back" });
      const rolled = await releaseOf(key);
      expect((await testDb().incident.findFirstOrThrow({ where: { releaseId: rolled.id } })).triggeredBy).toBe("guardrail");
    } finally {
      await loop.stop();
      await proxied.close();
      await proxy.stop();
    }
  });
});
