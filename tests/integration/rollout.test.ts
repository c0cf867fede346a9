// Releases against a real database: a canary through its steps to completion, pause/resume,
// blue-green, shadow, abort; rollback while a canary runs and after completion, force rollback,
// 50 concurrent rollbacks, compare-and-swap with If-Match, tenant pins, incidents; and that every
// change writes its audit events, outbox events and routing NOTIFY in the same transaction.
// Every test makes its own models and users.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getIncidentRoute } from "../../app/api/v1/incidents/[id]/route";
import { DELETE as unpinRoute, PUT as pinRoute } from "../../app/api/v1/models/[model]/pins/[tenant]/route";
import { POST as advanceRoute } from "../../app/api/v1/models/[model]/release/advance/route";
import { POST as pauseRoute } from "../../app/api/v1/models/[model]/release/pause/route";
import { POST as resumeRoute } from "../../app/api/v1/models/[model]/release/resume/route";
import { POST as rollbackRoute } from "../../app/api/v1/models/[model]/release/rollback/route";
import { GET as getReleaseRoute } from "../../app/api/v1/models/[model]/release/route";
import type { User } from "../../generated/prisma/client";
import type { RouteHandler } from "../../lib/api/handle";
import type { AuditInput } from "../../lib/audit/append";
import type { Actor } from "../../lib/auth/actor";
import { approveVersion, deprecateVersion, recordEvaluation, rejectVersion } from "../../lib/lifecycle/service";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { pauseAction, rollbackAction } from "../../lib/rollout/actions";
import { addIncidentNote, closeIncident, getIncident, updateIncident } from "../../lib/rollout/incidents";
import { getRelease, listReleases, rollbackPreview } from "../../lib/rollout/queries";
import {
  abortRollout,
  advanceRollout,
  pauseRollout,
  pinTenant,
  promoteNow,
  resumeRollout,
  rollback,
  startRollout,
  startRolloutTx,
  unpinTenant,
} from "../../lib/rollout/service";
import { ROUTES_CHANNEL } from "../../lib/routing/notify";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser, uniqueModelKey } from "./support/factories";
import { callRoute, type CallResult } from "./support/http";
import { signInAs } from "./support/session";

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });
const DATASET = "s3://rollgate-evals/fraud/2026-01-10/holdout.parquet";

const V1 = "2026-01-10.1";
const V2 = "2026-01-15.2";
const V3 = "2026-02-01.1";
const V4 = "2026-02-10.1";

let ciActor: Actor;
let approver: User;
let operator: User;
let viewer: User;
let releaseToken: { secret: string; id: string };
let readToken: { secret: string };

// ---------------------------------------------------------------------------------------------
// Routing notifications: a listener on the suite's database (a pg.Client on PostgreSQL, the
// in-process client on PGlite) that keeps every payload it receives, in order.

type Change = { model: string; epoch: number };
type Listener = { received: Change[]; waitFor(model: string, epoch: number, timeoutMs?: number): Promise<Change>; close(): Promise<void> };

async function listenRoutes(): Promise<Listener> {
  const received: Change[] = [];
  const waiters: { match: (c: Change) => boolean; resolve: (c: Change) => void }[] = [];
  const onPayload = (payload: string | undefined) => {
    const change = JSON.parse(payload ?? "null") as Change;
    received.push(change);
    for (const w of [...waiters]) {
      if (w.match(change)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(change);
      }
    }
  };
  const database = testDatabase();
  let close: () => Promise<void>;
  if (database.target.kind === "postgres") {
    const client = new pg.Client({ connectionString: database.target.url });
    await client.connect();
    client.on("notification", (n) => {
      if (n.channel === ROUTES_CHANNEL) onPayload(n.payload);
    });
    await client.query(`LISTEN ${ROUTES_CHANNEL}`);
    close = () => client.end();
  } else {
    if (database.driver.kind !== "pglite") throw new Error("expected PGlite");
    const unlisten = await database.driver.client.listen(ROUTES_CHANNEL, onPayload);
    close = unlisten;
  }
  return {
    received,
    waitFor(model, epoch, timeoutMs = 5000) {
      const match = (c: Change) => c.model === model && c.epoch === epoch;
      const seen = received.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise<Change>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no NOTIFY {model: ${model}, epoch: ${epoch}} within ${timeoutMs} ms; got ${JSON.stringify(received.filter((c) => c.model === model))}`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({ match, resolve: (c) => (clearTimeout(timer), resolve(c)) });
      });
    },
    close,
  };
}

let routes: Listener;

beforeAll(async () => {
  const name = `ci-${uniqueModelKey("rollout")}`;
  const ci = await createApiToken(["registry:write"], name);
  ciActor = { type: "token", id: ci.id, label: name, scopes: ["registry:write"] };
  approver = await createUser("approver");
  operator = await createUser("operator");
  viewer = await createUser("viewer");
  releaseToken = await createApiToken(["release:write"]);
  readToken = await createApiToken(["routes:read"]);
  routes = await listenRoutes();
});

afterAll(async () => {
  await routes?.close();
});

// ---------------------------------------------------------------------------------------------
// Set-up through the real services

async function register(key: string, version: string): Promise<void> {
  const m = fraudScoringManifest();
  m.model_id = key;
  m.model_version = version;
  delete m.parent_version;
  const res = await registerVersion(testDb(), ciActor, { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
  expect(res.status).toBe(201);
}

/** Registered and passed its gates: STAGING, waiting for approval. */
async function stage(key: string, version: string): Promise<void> {
  await register(key, version);
  const res = await recordEvaluation(testDb(), ciActor, { modelKey: key, version, dataset: DATASET, metrics: { f1: 0.93 } });
  expect(res.body.stage).toBe("STAGING");
}

/** A model whose first version was approved: stable V1, nothing else. */
async function newModel(): Promise<string> {
  const key = uniqueModelKey("it-roll");
  await stage(key, V1);
  const decided = await approveVersion(testDb(), asActor(approver), { modelKey: key, version: V1 });
  expect(decided.stage).toBe("PROD");
  return key;
}

/**
 * Stages `version` and starts its rollout directly (the approval that completes a review does the
 * same through startRolloutTx; see "the approval starts the rollout"), optionally with another strategy.
 */
async function startCandidate(key: string, version: string, mode?: "canary" | "blue_green" | "shadow") {
  await stage(key, version);
  return startRollout(testDb(), asActor(approver), { modelKey: key, version, ...(mode ? { mode } : {}) });
}

/** Rolls `version` out and completes it at once. */
async function ship(key: string, version: string) {
  await startCandidate(key, version);
  return promoteNow(testDb(), asActor(operator), { modelKey: key });
}

const op = () => asActor(operator);

function rejectVersionFor(key: string, version: string, reviewer: User, comment: string) {
  return rejectVersion(testDb(), asActor(reviewer), { modelKey: key, version, comment });
}

async function releaseOf(key: string) {
  return testDb().release.findFirstOrThrow({ where: { model: { key }, environment: "production" } });
}

async function stageOf(key: string, version: string) {
  return (await testDb().modelVersion.findFirstOrThrow({ where: { version, model: { key } }, select: { stage: true } })).stage;
}

async function stages(key: string): Promise<Record<string, string>> {
  const rows = await testDb().modelVersion.findMany({ where: { model: { key } }, select: { version: true, stage: true } });
  return Object.fromEntries(rows.map((r) => [r.version, r.stage]));
}

async function auditOf(key: string) {
  return testDb().auditEvent.findMany({ where: { modelKey: key }, orderBy: { seq: "asc" } });
}

async function outboxOf(key: string) {
  return testDb().outboxEvent.findMany({ where: { modelKey: key }, orderBy: { id: "asc" } });
}

/** What a move left behind: counts of audit and outbox rows and the epoch. */
async function footprint(key: string) {
  const [audit, outbox, release] = [await auditOf(key), await outboxOf(key), await releaseOf(key)];
  return { audit: audit.length, outbox: outbox.length, epoch: release.epoch };
}

async function refusal(p: Promise<unknown>): Promise<{ status: number; code: string; message: string; issues?: { path: string }[] }> {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string };
  }
  throw new Error("expected a refusal");
}

function post(
  handler: RouteHandler,
  key: string,
  move: string,
  opts: { body?: unknown; token?: string | null; ifMatch?: string } = {},
): Promise<CallResult> {
  return callRoute(handler, {
    method: "POST",
    path: `/api/v1/models/${key}/release/${move}`,
    params: { model: key },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    ...(opts.token === null ? {} : { token: opts.token ?? releaseToken.secret }),
    headers: opts.ifMatch !== undefined ? { "if-match": opts.ifMatch } : {},
  });
}

// ---------------------------------------------------------------------------------------------

describe("canary rollout", () => {
  it("starts at the first step, advances step by step and completes: stages PROD, PROD_PREVIOUS, RETIRED", async () => {
    const key = await newModel();
    await ship(key, V2);
    expect(await stages(key)).toEqual({ [V1]: "PROD_PREVIOUS", [V2]: "PROD" });

    const started = await startCandidate(key, V3);
    expect(started).toMatchObject({
      outcome: "started",
      state: "ramping",
      mode: "canary",
      stable: V2,
      previousStable: V1,
      candidate: { version: V3, percent: 5 },
      steps: [5, 25, 50, 100],
      stepIndex: 0,
      bakeMinutes: 30,
    });
    expect(await stageOf(key, V3)).toBe("ROLLING_OUT");

    let epoch = started.epoch;
    for (const percent of [25, 50, 100]) {
      const moved = await advanceRollout(testDb(), op(), { modelKey: key });
      expect(moved).toMatchObject({ outcome: "advanced", candidate: { version: V3, percent }, previousEpoch: epoch, epoch: epoch + 1 });
      epoch = moved.epoch;
      await routes.waitFor(key, epoch);
    }
    // At 100 % it is still the candidate; the next advance completes the rollout.
    expect(await stageOf(key, V3)).toBe("ROLLING_OUT");
    const done = await advanceRollout(testDb(), op(), { modelKey: key });
    expect(done).toMatchObject({ outcome: "completed", state: "idle", stable: V3, previousStable: V2, candidate: null, epoch: epoch + 1 });
    expect(await stages(key)).toEqual({ [V1]: "RETIRED", [V2]: "PROD_PREVIOUS", [V3]: "PROD" });
    const v3 = await testDb().modelVersion.findFirstOrThrow({ where: { version: V3, model: { key } } });
    expect(v3.promotedAt).not.toBeNull();
    await routes.waitFor(key, done.epoch);

    const release = await releaseOf(key);
    expect(release).toMatchObject({
      stableVersion: V3,
      previousStableVersion: V2,
      candidateVersion: null,
      candidatePercent: 0,
      state: "idle",
      epoch: done.epoch,
    });

    const audit = await auditOf(key);
    const releaseEvents = audit.filter((e) => e.subjectType === "release").map((e) => e.action);
    expect(releaseEvents.slice(-6)).toEqual([
      "release.completed",
      "release.started",
      "release.advanced",
      "release.advanced",
      "release.advanced",
      "release.completed",
    ]);
    const completed = audit.filter((e) => e.action === "release.completed").at(-1);
    expect(completed?.before).toMatchObject({ candidateVersion: V3, stableVersion: V2, epoch: epoch });
    expect(completed?.after).toMatchObject({ stableVersion: V3, previousStableVersion: V2, candidateVersion: null, epoch: done.epoch });
    expect(audit.filter((e) => e.subjectId === `${key}@${V1}`).map((e) => e.action)).toContain("version.retired");

    const outbox = (await outboxOf(key)).map((e) => e.type);
    expect(outbox.slice(-6)).toEqual([
      "release.started",
      "release.advanced",
      "release.advanced",
      "release.advanced",
      "release.completed",
      "version.promoted",
    ]);

    // The release page's steps carry their start times, the rollout's first step included.
    const page = await getRelease(testDb(), key);
    expect(page?.steps.map((s) => [s.percent, s.status, s.startedAt !== null])).toEqual([
      [5, "done", true],
      [25, "done", true],
      [50, "done", true],
      [100, "done", true],
    ]);
  });

  it("the approval that completes a review starts the rollout: same transaction, approver as actor, NOTIFY with the new epoch", async () => {
    const key = await newModel();
    await stage(key, V2);
    const epochBefore = (await releaseOf(key)).epoch;
    const decided = await approveVersion(testDb(), asActor(approver), { modelKey: key, version: V2, comment: "ship it" });
    expect(decided).toMatchObject({
      stage: "ROLLING_OUT",
      promotion: { outcome: "started", epoch: epochBefore + 1, mode: "canary", candidatePercent: 5 },
    });
    await routes.waitFor(key, epochBefore + 1);
    const page = await getRelease(testDb(), key);
    expect(page).toMatchObject({
      state: "ramping",
      stable: { version: V1 },
      candidate: { version: V2, percent: 5, stage: "ROLLING_OUT" },
      split: { stable: 95, candidate: 5, shadow: 0 },
    });
    expect(page?.steps.map((s) => s.status)).toEqual(["current", "pending", "pending", "pending"]);
    const started = (await auditOf(key)).find((e) => e.action === "release.started");
    expect(started).toMatchObject({ actorType: "user", actorId: approver.id, reason: `approved by ${approver.email} (1 of 1 required)` });
    // and on-call takes it from there
    expect(await advanceRollout(testDb(), op(), { modelKey: key })).toMatchObject({
      outcome: "advanced",
      candidate: { version: V2, percent: 25 },
    });
  });

  it("pause holds the share and refuses advancing; resume continues", async () => {
    const key = await newModel();
    const started = await startCandidate(key, V2);
    const paused = await pauseRollout(testDb(), op(), { modelKey: key, reason: "holding over the weekend" });
    expect(paused).toMatchObject({ state: "paused", candidate: { version: V2, percent: 5 }, epoch: started.epoch + 1 });
    const refused = await refusal(advanceRollout(testDb(), op(), { modelKey: key }));
    expect(refused).toMatchObject({
      status: 409,
      message: `model "${key}": cannot advance: the rollout of ${V2} is paused; resume it first.`,
    });
    const resumed = await resumeRollout(testDb(), op(), { modelKey: key });
    expect(resumed).toMatchObject({ state: "ramping", epoch: paused.epoch + 1 });
    await routes.waitFor(key, started.epoch);
    await routes.waitFor(key, paused.epoch);
    await routes.waitFor(key, resumed.epoch);
    const outbox = (await outboxOf(key)).map((e) => e.type);
    expect(outbox.slice(-3)).toEqual(["release.started", "release.paused", "release.resumed"]);
    const pausedEvent = (await auditOf(key)).find((e) => e.action === "release.paused");
    expect(pausedEvent).toMatchObject({
      actorId: operator.id,
      reason: "holding over the weekend",
      subjectType: "release",
      subjectId: `${key}/production`,
    });
  });

  it("blue-green puts the candidate at 100 % with the stable warm; shadow copies traffic and is promoted", async () => {
    const key = await newModel();
    const bg = await startCandidate(key, V2, "blue_green");
    expect(bg).toMatchObject({ mode: "blue_green", candidate: { version: V2, percent: 100 }, stable: V1, steps: [100] });
    expect((await advanceRollout(testDb(), op(), { modelKey: key })).stable).toBe(V2);

    const shadow = await startCandidate(key, V3, "shadow");
    // The fixture manifest's initial_traffic_percent (5) is the share of requests copied to it.
    expect(shadow).toMatchObject({ mode: "shadow", candidate: { version: V3, percent: 5 }, steps: [] });
    expect((await refusal(advanceRollout(testDb(), op(), { modelKey: key }))).message).toMatch(/shadow .* promote it or discard it/);
    const page = await getRelease(testDb(), key);
    expect(page?.split).toEqual({ stable: 100, candidate: 0, shadow: 5 });
    const promoted = await promoteNow(testDb(), op(), { modelKey: key });
    expect(promoted).toMatchObject({ stable: V3, previousStable: V2, candidate: null });
    expect(await stages(key)).toEqual({ [V1]: "RETIRED", [V2]: "PROD_PREVIOUS", [V3]: "PROD" });
  });

  it("abort discards the candidate (REJECTED) without an incident; the stable keeps serving", async () => {
    const key = await newModel();
    await startCandidate(key, V2);
    const aborted = await abortRollout(testDb(), op(), { modelKey: key, reason: "wrong artifact" });
    expect(aborted).toMatchObject({ outcome: "aborted", state: "idle", stable: V1, candidate: null });
    expect(await stageOf(key, V2)).toBe("REJECTED");
    expect(await testDb().incident.count({ where: { model: { key } } })).toBe(0);
    expect((await outboxOf(key)).map((e) => e.type).at(-1)).toBe("release.aborted");
    expect((await auditOf(key)).map((e) => e.action).slice(-2)).toEqual(["release.aborted", "version.rejected"]);
    await routes.waitFor(key, aborted.epoch);
  });

  it("startRolloutTx runs inside the caller's transaction and hands its audit events to the caller", async () => {
    const key = await newModel();
    await stage(key, V2);
    const before = await footprint(key);
    const sink: AuditInput[] = [];
    // The caller fails after the start: nothing of it may remain, and no NOTIFY may arrive.
    await expect(
      testDb().$transaction(async (tx) => {
        await startRolloutTx(tx, asActor(approver), { modelKey: key, version: V2, audit: sink });
        throw new Error("the approval failed after the rollout started");
      }),
    ).rejects.toThrow("the approval failed");
    expect(sink.map((e) => e.action)).toEqual(["release.started", "version.rolling_out"]);
    expect(await footprint(key)).toEqual(before);
    expect(await stageOf(key, V2)).toBe("STAGING");

    // A committed change to another model, after the failed one: had the failed transaction's
    // NOTIFY been sent, it would have arrived first.
    const other = await newModel();
    const otherEpoch = (await releaseOf(other)).epoch;
    const marker = await pinTenant(testDb(), op(), { modelKey: other, tenant: "acme", version: V1 });
    expect(marker.epoch).toBe(otherEpoch + 1);
    await routes.waitFor(other, marker.epoch);
    expect(routes.received.filter((c) => c.model === key && c.epoch === before.epoch + 1)).toEqual([]);

    const started = await testDb().$transaction((tx) => startRolloutTx(tx, asActor(approver), { modelKey: key, version: V2 }));
    expect(started).toMatchObject({ outcome: "started", epoch: before.epoch + 1 });
    await routes.waitFor(key, started.epoch);
  });
});

describe("rollback", () => {
  it("a rolled-back candidate is not rejected: back in STAGING, its approvals kept as history but no longer counting; a new approval (the same approver may give it) rolls it out again, or an approver rejects it", async () => {
    const key = await newModel();
    await stage(key, V2);
    const first = await approveVersion(testDb(), asActor(approver), { modelKey: key, version: V2, comment: "looks good" });
    expect(first).toMatchObject({ stage: "ROLLING_OUT", approvals: { approved: 1 } });
    const preview = await rollbackPreview(testDb(), key);
    expect(preview).toMatchObject({
      possible: true,
      to: V1,
      fromAfter: {
        stage: "STAGING",
        sentence: expect.stringMatching(new RegExp(`^${V2.replace(/\./g, "\\.")} is not rejected: it goes back to STAGING`)),
      },
    });

    const rolled = await rollback(testDb(), op(), { modelKey: key, reason: "latency spike while we investigate" });
    expect(rolled.stages).toEqual([{ version: V2, from: "ROLLING_OUT", to: "STAGING" }]);
    expect(await stages(key)).toEqual({ [V1]: "PROD", [V2]: "STAGING" });
    const approvals = await testDb().approval.findMany({ where: { version: { version: V2, model: { key } } } });
    expect(approvals).toEqual([
      expect.objectContaining({ decision: "approved", comment: "looks good", invalidatedRound: 1, invalidatedAt: expect.any(Date) }),
    ]);
    const stageEvent = (await auditOf(key)).find((e) => e.action === "version.rolled_back");
    expect(stageEvent).toMatchObject({
      reason: "latency spike while we investigate",
      before: { stage: "ROLLING_OUT" },
      after: { stage: "STAGING", approvalsNoLongerCounting: { round: 1, approvers: [approver.email] } },
    });

    // the release page and the API: nothing counts yet; the same approver approves again and the rollout starts again
    const again = await approveVersion(testDb(), asActor(approver), { modelKey: key, version: V2, comment: "fixed upstream" });
    expect(again).toMatchObject({
      stage: "ROLLING_OUT",
      approvals: { approved: 1, approvers: [approver.email] },
      promotion: { outcome: "started" },
    });
    expect((await releaseOf(key)).candidateVersion).toBe(V2);

    // rolled back a second time, then an approver rejects it explicitly
    await rollback(testDb(), op(), { modelKey: key, reason: "still slow" });
    expect(await stageOf(key, V2)).toBe("STAGING");
    const rounds = await testDb().approval.findMany({ where: { version: { version: V2, model: { key } } }, orderBy: { createdAt: "asc" } });
    expect(rounds.map((a) => a.invalidatedRound)).toEqual([1, 2]);
    const rejecter = await createUser("approver");
    const rejected = await rejectVersionFor(key, V2, rejecter, "two rollbacks: not this version");
    expect(rejected).toMatchObject({ stage: "REJECTED" });
  });

  it("while a canary runs: the candidate goes to 0 %, the stable stays; one incident, audit, outbox and NOTIFY", async () => {
    const key = await newModel();
    await startCandidate(key, V2);
    const at25 = await advanceRollout(testDb(), op(), { modelKey: key });
    expect(await rollbackPreview(testDb(), key)).toMatchObject({
      possible: true,
      epoch: at25.epoch,
      sentence: `Traffic goes back to ${V1}; ${V2} stops serving (it has 25 % now).`,
    });

    const res = await post(rollbackRoute, key, "rollback", { body: { reason: "error rate 4x stable" } });
    expect(res.status).toBe(200);
    const body = await res.json<{
      epoch: number;
      stable: string;
      rolledBackFrom: string;
      incidentId: string;
      state: string;
      candidate: unknown;
    }>();
    expect(body).toMatchObject({ epoch: at25.epoch + 1, stable: V1, rolledBackFrom: V2, state: "rolled_back", candidate: null });
    expect(res.headers.get("etag")).toBe(`"${at25.epoch + 1}"`);
    await routes.waitFor(key, body.epoch);

    expect(await releaseOf(key)).toMatchObject({ stableVersion: V1, candidateVersion: null, candidatePercent: 0, state: "rolled_back" });
    // rolled back, not judged: back in STAGING for a new review
    expect(await stages(key)).toEqual({ [V1]: "PROD", [V2]: "STAGING" });

    const incident = await testDb().incident.findUniqueOrThrow({ where: { id: body.incidentId } });
    expect(incident).toMatchObject({
      fromVersion: V2,
      toVersion: V1,
      trigger: "api",
      triggeredBy: expect.stringMatching(/^token-/),
      reason: "error rate 4x stable",
      epochBefore: at25.epoch,
      epochAfter: at25.epoch + 1,
      status: "open",
    });
    expect(incident.rolloutStartedAt).not.toBeNull();

    const outbox = await outboxOf(key);
    const rolledBack = outbox.filter((e) => e.type === "release.rolled_back");
    expect(rolledBack).toHaveLength(1);
    expect(rolledBack[0]?.payload).toMatchObject({
      oldEpoch: at25.epoch,
      newEpoch: at25.epoch + 1,
      fromVersion: V2,
      toVersion: V1,
      incidentId: body.incidentId,
    });

    const audit = await auditOf(key);
    const event = audit.find((e) => e.action === "release.rolled_back");
    expect(event).toMatchObject({
      actorType: "token",
      actorId: releaseToken.id,
      reason: "error rate 4x stable",
      requestId: res.headers.get("x-request-id"),
    });
    expect(event?.before).toMatchObject({ candidateVersion: V2, candidatePercent: 25, epoch: at25.epoch });
    expect(event?.after).toMatchObject({ candidateVersion: null, stableVersion: V1, epoch: at25.epoch + 1, incidentId: body.incidentId });
    expect(audit.map((e) => e.action).slice(-3)).toEqual(["release.rolled_back", "incident.opened", "version.rolled_back"]);

    // Nothing is rolled back twice.
    const again = await post(rollbackRoute, key, "rollback", { body: { reason: "again" } });
    expect(again.status).toBe(409);
    expect((await again.json<ErrorBody>()).error.message).toMatch(/nothing can be rolled back: the release was just rolled back/);
  });

  it("50 concurrent rollbacks: exactly one succeeds, the rest get 409 or 412; one incident, one outbox row, epoch + 1", async () => {
    const key = await newModel();
    await startCandidate(key, V2);
    const at25 = await advanceRollout(testDb(), op(), { modelKey: key });
    const before = await footprint(key);

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(rollbackRoute, key, "rollback", { body: { reason: `on-call ${i}` }, ...(i % 2 === 0 ? { ifMatch: `"${at25.epoch}"` } : {}) }),
      ),
    );
    const byStatus = results.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(byStatus[200]).toBe(1);
    expect((byStatus[409] ?? 0) + (byStatus[412] ?? 0)).toBe(49);
    for (const [i, r] of results.entries()) {
      if (r.status === 200) continue;
      const err = await r.json<ErrorBody>();
      // With If-Match the loser's expectation is stale (412); without, the release moved (409).
      if (i % 2 === 0) expect(r.status).toBe(412);
      else {
        expect(r.status).toBe(409);
        expect(err.error.message).toMatch(/has already moved \(now at epoch \d+\) — reload and try again|nothing can be rolled back/);
      }
    }

    const release = await releaseOf(key);
    expect(release.epoch).toBe(before.epoch + 1);
    expect(release).toMatchObject({ stableVersion: V1, candidateVersion: null, state: "rolled_back" });
    expect(await testDb().incident.count({ where: { model: { key } } })).toBe(1);
    expect((await outboxOf(key)).filter((e) => e.type === "release.rolled_back")).toHaveLength(1);
    expect((await auditOf(key)).filter((e) => e.action === "release.rolled_back")).toHaveLength(1);
    await routes.waitFor(key, release.epoch);
  });

  it("rollbacks, pins and pauses racing on one release never deadlock: every answer is 200 or 409, and the epoch counts the 200s", async () => {
    const key = await newModel();
    await ship(key, V2);
    const before = await releaseOf(key);
    const calls: Promise<{ kind: string; status: number }>[] = [];
    const status = (kind: string, p: Promise<CallResult>) => p.then((r) => ({ kind, status: r.status }));
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 0) calls.push(status("rollback", post(rollbackRoute, key, "rollback", { body: { reason: `race ${i}` } })));
      else if (i % 3 === 1) {
        const tenant = `tenant-${i}`;
        calls.push(
          status(
            "pin",
            callRoute(pinRoute, {
              method: "PUT",
              path: `/api/v1/models/${key}/pins/${tenant}`,
              params: { model: key, tenant },
              body: { version: i % 2 ? V1 : V2 },
              token: releaseToken.secret,
            }),
          ),
        );
      } else calls.push(status("pause", post(pauseRoute, key, "pause")));
    }
    const results = await Promise.all(calls);
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(results.filter((r) => r.kind === "pause").every((r) => r.status === 409)).toBe(true);
    const ok = results.filter((r) => r.status === 200);
    expect(ok.filter((r) => r.kind === "rollback").length).toBeLessThanOrEqual(1);
    const after = await releaseOf(key);
    expect(after.epoch).toBe(before.epoch + ok.length);
    expect(await testDb().tenantPin.count({ where: { model: { key } } })).toBe(ok.filter((r) => r.kind === "pin").length);
    expect(await testDb().incident.count({ where: { model: { key } } })).toBe(ok.filter((r) => r.kind === "rollback").length);
  });

  it("after a completed rollout: stable ← previous stable in one update; the rolled-back version retires", async () => {
    const key = await newModel();
    const shipped = await ship(key, V2);
    expect(await rollbackPreview(testDb(), key)).toMatchObject({
      possible: true,
      kind: "previous",
      sentence: `Traffic goes back to ${V1}; ${V2} stops serving.`,
      pinnedTenants: [],
    });
    // A rollback moves the split, not the pins: the dialog says who stays on the version.
    await pinTenant(testDb(), op(), { modelKey: key, tenant: "initech", version: V2 });
    expect((await rollbackPreview(testDb(), key)).sentence).toBe(
      `Traffic goes back to ${V1}; ${V2} stops serving. Pinned tenant initech stays on ${V2} until unpinned.`,
    );
    await unpinTenant(testDb(), op(), { modelKey: key, tenant: "initech" });
    const shippedEpoch = (await releaseOf(key)).epoch;
    expect(shippedEpoch).toBe(shipped.epoch + 2);
    const rolled = await rollback(testDb(), op(), { modelKey: key, reason: "conversion dropped after the switch" });
    expect(rolled).toMatchObject({ epoch: shippedEpoch + 1, stable: V1, previousStable: null, rolledBackFrom: V2, state: "rolled_back" });
    expect(await stages(key)).toEqual({ [V1]: "PROD", [V2]: "RETIRED" });
    const incident = await testDb().incident.findUniqueOrThrow({ where: { id: rolled.incidentId } });
    expect(incident).toMatchObject({ fromVersion: V2, toVersion: V1, trigger: "user", triggeredBy: operator.email });
    await routes.waitFor(key, rolled.epoch);
    const again = await refusal(rollback(testDb(), op(), { modelKey: key, reason: "again" }));
    expect(again).toMatchObject({ status: 409, message: expect.stringMatching(/nothing can be rolled back/) });
  });

  it("force rollback to an earlier PROD version; refused for deprecated, never-PROD and unknown versions", async () => {
    const key = await newModel();
    await ship(key, V2);
    await ship(key, V3);
    expect(await stages(key)).toEqual({ [V1]: "RETIRED", [V2]: "PROD_PREVIOUS", [V3]: "PROD" });
    const page = await getRelease(testDb(), key);
    expect(page?.forceRollbackTargets.map((t) => t.version)).toEqual([V2, V1]);

    const res = await post(rollbackRoute, key, "rollback", { body: { reason: "both recent versions mis-score refunds", to_version: V1 } });
    expect(res.status).toBe(200);
    const body = await res.json<{ stable: string; rolledBackFrom: string; incidentId: string; epoch: number }>();
    expect(body).toMatchObject({ stable: V1, rolledBackFrom: V3 });
    expect(await stages(key)).toEqual({ [V1]: "PROD", [V2]: "RETIRED", [V3]: "RETIRED" });
    // RETIRED → PROD is the stage machine's own move (lib/lifecycle/stage-machine.ts TRANSITIONS)
    expect(
      (await auditOf(key))
        .filter((e) => e.subjectId === `${key}@${V1}`)
        .map((e) => e.action)
        .at(-1),
    ).toBe("version.restored");
    expect(await releaseOf(key)).toMatchObject({ stableVersion: V1, previousStableVersion: null, state: "rolled_back" });
    await routes.waitFor(key, body.epoch);

    await deprecateVersion(testDb(), op(), { modelKey: key, version: V2, reason: "superseded" });
    const deprecated = await post(rollbackRoute, key, "rollback", { body: { reason: "x", to_version: V2 } });
    expect(deprecated.status).toBe(409);
    expect((await deprecated.json<ErrorBody>()).error.message).toMatch(/cannot force a rollback to 2026-01-15.2: it is deprecated/);

    await stage(key, V4);
    const neverProd = await post(rollbackRoute, key, "rollback", { body: { reason: "x", to_version: V4 } });
    expect(neverProd.status).toBe(409);
    expect((await neverProd.json<ErrorBody>()).error.message).toMatch(/never in production/);

    const unknown = await post(rollbackRoute, key, "rollback", { body: { reason: "x", to_version: "2026-12-31.9" } });
    expect(unknown.status).toBe(404);
  });

  it("a guardrail rollback is recorded as such; the guardrail may not force one", async () => {
    const key = await newModel();
    await startCandidate(key, V2);
    const guardrail: Actor = { type: "guardrail", id: null, label: "guardrail" };
    const rolled = await rollback(testDb(), guardrail, {
      modelKey: key,
      reason: "hard breach: error rate",
      metricsBefore: { errorRate: 0.002 },
      metricsAfter: { errorRate: 0.09 },
    });
    expect(await testDb().incident.findUniqueOrThrow({ where: { id: rolled.incidentId } })).toMatchObject({
      trigger: "guardrail",
      triggeredBy: "guardrail",
      metricsBefore: { errorRate: 0.002 },
      metricsAfter: { errorRate: 0.09 },
    });
    expect(await refusal(rollback(testDb(), guardrail, { modelKey: key, reason: "x", toVersion: V1 }))).toMatchObject({ status: 403 });
  });
});

describe("compare-and-swap on the epoch", () => {
  it("a stale If-Match is 412 and writes nothing; the current one moves; a malformed one is 422", async () => {
    const key = await newModel();
    const started = await startCandidate(key, V2);
    const before = await footprint(key);
    const stale = await post(pauseRoute, key, "pause", { ifMatch: `"${started.epoch - 1}"` });
    expect(stale.status).toBe(412);
    expect((await stale.json<ErrorBody>()).error).toMatchObject({
      code: "precondition_failed",
      message: expect.stringMatching(/moved on: it is at epoch \d+, not \d+/),
    });
    expect(await footprint(key)).toEqual(before);

    const fresh = await post(pauseRoute, key, "pause", { ifMatch: `"${started.epoch}"` });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get("etag")).toBe(`"${started.epoch + 1}"`);
    const resumed = await post(resumeRoute, key, "resume", { ifMatch: `W/"${started.epoch + 1}"`, body: { reason: "weekend over" } });
    expect(resumed.status).toBe(200);

    const bad = await post(advanceRoute, key, "advance", { ifMatch: "yesterday" });
    expect(bad.status).toBe(422);
    expect((await bad.json<ErrorBody>()).error.issues?.[0]?.path).toBe("If-Match");
  });

  it("a page's action with the epoch it showed: 412 when stale; a viewer may not act", async () => {
    const key = await newModel();
    const started = await startCandidate(key, V2);
    signInAs(operator);
    try {
      const stale = await rollbackAction({ modelKey: key, reason: "from a stale page", expectedEpoch: started.epoch - 1 });
      expect(stale).toMatchObject({ ok: false, error: { code: "precondition_failed" } });
      const paused = await pauseAction({ modelKey: key, expectedEpoch: started.epoch });
      expect(paused).toMatchObject({ ok: true, data: { state: "paused" } });
      const form = new FormData();
      form.set("modelKey", key);
      form.set("reason", "");
      const noReason = await rollbackAction(form);
      expect(noReason).toMatchObject({ ok: false, error: { code: "schema_error", issues: [expect.objectContaining({ path: "reason" })] } });
      signInAs(viewer);
      expect(await rollbackAction({ modelKey: key, reason: "x" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    } finally {
      signInAs(null);
    }
  });
});

describe("tenant pins", () => {
  it("pin and unpin through the API: epoch bump, audit, outbox and NOTIFY; refused for deprecated and unknown versions", async () => {
    const key = await newModel();
    await ship(key, V2);
    const before = await releaseOf(key);

    const put = await callRoute(pinRoute, {
      method: "PUT",
      path: `/api/v1/models/${key}/pins/acme`,
      params: { model: key, tenant: "acme" },
      body: { version: V1, reason: "acme validates V2 first" },
      token: releaseToken.secret,
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ tenant: "acme", version: V1, previousVersion: null, epoch: before.epoch + 1, changed: true });
    await routes.waitFor(key, before.epoch + 1);
    expect(await testDb().tenantPin.findFirstOrThrow({ where: { model: { key }, tenant: "acme" } })).toMatchObject({
      version: V1,
      reason: "acme validates V2 first",
    });
    expect((await outboxOf(key)).at(-1)).toMatchObject({
      type: "tenant.pinned",
      payload: expect.objectContaining({ tenant: "acme", version: V1, epoch: before.epoch + 1 }),
    });
    expect((await auditOf(key)).at(-1)).toMatchObject({
      action: "tenant.pinned",
      subjectType: "release",
      after: { tenant: "acme", version: V1, epoch: before.epoch + 1 },
    });

    // The same pin again changes nothing.
    const same = await pinTenant(testDb(), op(), { modelKey: key, tenant: "acme", version: V1 });
    expect(same).toMatchObject({ changed: false, epoch: before.epoch + 1 });
    // A pinned version serves traffic: the lifecycle refuses to deprecate it.
    expect((await refusal(deprecateVersion(testDb(), op(), { modelKey: key, version: V1, reason: "old" }))).message).toMatch(
      /tenant acme is pinned to it/,
    );

    await stage(key, V3);
    await deprecateVersion(testDb(), op(), { modelKey: key, version: V3, reason: "bad build" });
    const deprecated = await pinTenant(testDb(), op(), { modelKey: key, tenant: "globex", version: V3 }).catch((e: unknown) => e);
    expect(deprecated).toMatchObject({
      status: 409,
      message: expect.stringMatching(/cannot pin tenant globex to 2026-02-01.1: it is deprecated/),
    });
    const unknown = await callRoute(pinRoute, {
      method: "PUT",
      path: `/api/v1/models/${key}/pins/globex`,
      params: { model: key, tenant: "globex" },
      body: { version: "2026-12-31.9" },
      token: releaseToken.secret,
    });
    expect(unknown.status).toBe(422);
    expect((await unknown.json<ErrorBody>()).error.issues?.[0]?.path).toBe("version");

    const del = await callRoute(unpinRoute, {
      method: "DELETE",
      path: `/api/v1/models/${key}/pins/acme`,
      params: { model: key, tenant: "acme" },
      token: releaseToken.secret,
    });
    expect(del.status).toBe(200);
    expect(await del.json()).toMatchObject({ tenant: "acme", version: null, previousVersion: V1, epoch: before.epoch + 2 });
    await routes.waitFor(key, before.epoch + 2);
    expect((await outboxOf(key)).at(-1)?.type).toBe("tenant.unpinned");
    expect(await testDb().tenantPin.count({ where: { model: { key } } })).toBe(0);
    expect((await refusal(unpinTenant(testDb(), op(), { modelKey: key, tenant: "acme" }))).status).toBe(404);

    const page = await getRelease(testDb(), key);
    expect(page?.history.slice(0, 2).map((e) => e.action)).toEqual(["tenant.unpinned", "tenant.pinned"]);
  });
});

describe("incidents", () => {
  it("notes, root cause, prevention and closing are audited; the timeline runs from the rollout's start", async () => {
    const key = await newModel();
    await startCandidate(key, V2);
    await advanceRollout(testDb(), op(), { modelKey: key });
    const { incidentId } = await rollback(testDb(), op(), { modelKey: key, reason: "p99 latency doubled" });

    const viewerActor = asActor(viewer);
    expect(await refusal(addIncidentNote(testDb(), viewerActor, { incidentId, body: "x" }))).toMatchObject({ status: 403 });
    await addIncidentNote(testDb(), op(), { incidentId, body: "cache warm-up missing on the new pods" });
    expect(await refusal(closeIncident(testDb(), op(), { incidentId }))).toMatchObject({
      status: 409,
      message: expect.stringMatching(/root cause first/),
    });
    await updateIncident(testDb(), op(), { incidentId, rootCause: "cold cache", prevention: "warm the cache before the first step" });
    const closed = await closeIncident(testDb(), op(), { incidentId, comment: "fixed in the next build" });
    expect(closed).toMatchObject({ status: "closed", closedBy: operator.email });
    expect(await refusal(addIncidentNote(testDb(), op(), { incidentId, body: "late" }))).toMatchObject({ status: 409 });

    const detail = await getIncident(testDb(), incidentId);
    expect(detail).toMatchObject({ model: key, fromVersion: V2, toVersion: V1, status: "closed", rootCause: "cold cache", noteCount: 1 });
    const actions = detail?.timeline.map((t) => t.action) ?? [];
    expect(actions[0]).toBe("release.started");
    for (const a of [
      "release.advanced",
      "release.rolled_back",
      "incident.opened",
      "incident.note_added",
      "incident.note",
      "incident.updated",
      "incident.closed",
    ]) {
      expect(actions).toContain(a);
    }
    const audit = (await auditOf(key)).filter((e) => e.subjectType === "incident").map((e) => e.action);
    expect(audit).toEqual(["incident.opened", "incident.note_added", "incident.updated", "incident.closed"]);

    const res = await callRoute(getIncidentRoute, {
      path: `/api/v1/incidents/${incidentId}`,
      params: { id: incidentId },
      token: (await createApiToken(["audit:read"])).secret,
    });
    expect(res.status).toBe(200);
  });
});

describe("release API access and errors", () => {
  it("401 without a token, 403 without release:write, 422 naming reason, 409 when nothing can be rolled back", async () => {
    const key = await newModel();
    expect((await post(rollbackRoute, key, "rollback", { body: { reason: "x" }, token: null })).status).toBe(401);
    const forbidden = await post(rollbackRoute, key, "rollback", { body: { reason: "x" }, token: readToken.secret });
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json<ErrorBody>()).error.message).toMatch(/release:write/);

    const noReason = await post(rollbackRoute, key, "rollback", { body: {} });
    expect(noReason.status).toBe(422);
    expect((await noReason.json<ErrorBody>()).error.issues).toEqual([expect.objectContaining({ path: "reason" })]);
    const blank = await post(rollbackRoute, key, "rollback", { body: { reason: "   ", extra: 1 } });
    expect((await blank.json<ErrorBody>()).error.issues?.map((i) => i.path).sort()).toEqual(["extra", "reason"]);

    const nothing = await post(rollbackRoute, key, "rollback", { body: { reason: "just in case" } });
    expect(nothing.status).toBe(409);
    expect((await nothing.json<ErrorBody>()).error).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/nothing can be rolled back/),
    });
    expect(await testDb().incident.count({ where: { model: { key } } })).toBe(0);

    const unknownModel = await post(pauseRoute, "no-such-model-anywhere", "pause");
    expect(unknownModel.status).toBe(404);
  });

  it("GET release: the page's DTO with the epoch as ETag, for routes:read tokens; listReleases shows it", async () => {
    const key = await newModel();
    await startCandidate(key, V2);
    await pinTenant(testDb(), op(), { modelKey: key, tenant: "acme", version: V1, reason: "contract" });
    const res = await callRoute(getReleaseRoute, {
      path: `/api/v1/models/${key}/release`,
      params: { model: key },
      token: readToken.secret,
    });
    expect(res.status).toBe(200);
    const body = await res.json<{
      epoch: number;
      stable: { version: string };
      candidate: { version: string; percent: number };
      split: unknown;
      pins: unknown[];
      moves: unknown;
      rollback: { sentence: string };
    }>();
    expect(res.headers.get("etag")).toBe(`"${body.epoch}"`);
    expect(body).toMatchObject({
      stable: { version: V1, stage: "PROD" },
      candidate: { version: V2, percent: 5, stage: "ROLLING_OUT" },
      split: { stable: 95, candidate: 5, shadow: 0 },
      pins: [expect.objectContaining({ tenant: "acme", version: V1, reason: "contract" })],
      moves: { advance: true, pause: true, resume: false, promoteNow: true, abort: true, rollback: true },
      rollback: { sentence: `Traffic goes back to ${V1}; ${V2} stops serving (it has 5 % now).` },
    });
    const overview = (await listReleases(testDb())).find((r) => r.model === key);
    expect(overview).toMatchObject({
      inProgress: true,
      stable: V1,
      candidate: { version: V2, percent: 5 },
      step: { index: 0, of: 4 },
      pins: 1,
    });
    expect(
      (
        await callRoute(getReleaseRoute, {
          path: "/api/v1/models/nope/release",
          params: { model: "no-such-model-anywhere" },
          token: readToken.secret,
        })
      ).status,
    ).toBe(404);
  });
});
