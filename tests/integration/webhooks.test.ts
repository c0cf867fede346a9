// Webhooks against a real database and a real HTTP receiver on 127.0.0.1 (a random port):
// fan-out by filter, signed delivery, retries with backoff driven by an injected clock (no
// sleeps), giving up and redelivering, two loops racing for the same deliveries, the test
// event, and the admin-only actions with their audit events.
// Every test makes its own webhooks and events and deletes its webhooks afterwards; other test
// files write outbox events at the same time, so assertions look only at this file's events.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import { ForbiddenError, ValidationError } from "../../lib/errors";
import { emitEvent } from "../../lib/lifecycle/rows";
import {
  createWebhookAction,
  deleteWebhookAction,
  redeliverAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  updateWebhookAction,
} from "../../lib/notify/actions";
import { attemptDelivery, claimDueDeliveries, runDeliveryTick, type TickOptions } from "../../lib/notify/deliver";
import { fanOutEvents } from "../../lib/notify/fanout";
import { listDeliveries, listWebhooks } from "../../lib/notify/queries";
import type { CreateWebhookInput } from "../../lib/notify/schemas";
import { verifySignature } from "../../lib/notify/sign";
import {
  createWebhook,
  deleteWebhook,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhook,
} from "../../lib/notify/webhooks-service";
import { testDb } from "./support/db";
import { createUser, uniqueModelKey } from "./support/factories";
import { signInAs } from "./support/session";

const PUBLIC_URL = "http://rollgate.test";
const MIN = 60_000;

const asActor = (u: User): Actor => ({ type: "user", id: u.id, label: u.email, role: u.role });

let admin: User;
let adminActor: Actor;

beforeAll(async () => {
  admin = await createUser("admin");
  adminActor = asActor(admin);
});

// ---- a receiver on 127.0.0.1 ----------------------------------------------------------------

type Received = { headers: IncomingHttpHeaders; body: string; eventId: string | null; deliveryId: string };
type Reply = number | "hang";

type Receiver = {
  url: string;
  received: Received[];
  forEvent(eventId: string | bigint): Received[];
  close(): Promise<void>;
};

const receivers: Receiver[] = [];

async function startReceiver(reply: (r: Received, nthForEvent: number) => Reply = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let eventId: string | null = null;
      try {
        eventId = (JSON.parse(body) as { id?: string }).id ?? null;
      } catch {
        // a Slack body has no id
      }
      const r: Received = { headers: req.headers, body, eventId, deliveryId: String(req.headers["x-rollgate-delivery"] ?? "") };
      received.push(r);
      const status = reply(r, received.filter((x) => x.deliveryId === r.deliveryId).length);
      if (status === "hang") return;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status >= 400 ? `receiver says ${status}\n  (details)` : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks/rollgate`,
    received,
    forEvent: (id) => received.filter((r) => r.eventId === String(id)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  receivers.push(receiver);
  return receiver;
}

// ---- webhooks and events made by this file ------------------------------------------------

const created: string[] = [];

afterEach(async () => {
  signInAs(null);
  await testDb().webhook.deleteMany({ where: { id: { in: created.splice(0) } } });
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function makeWebhook(input: Partial<CreateWebhookInput> & { url: string }): Promise<{ id: string; secret: string }> {
  const { webhook, secret } = await createWebhook(testDb(), adminActor, { name: `it ${uniqueModelKey("hook")}`, events: ["*"], ...input });
  created.push(webhook.id);
  return { id: webhook.id, secret };
}

/** An outbox event written the way the services write them (lib/lifecycle/rows.ts). */
async function emit(type: string, payload: Record<string, unknown> = {}, modelKey = uniqueModelKey("it-hook")): Promise<bigint> {
  await testDb().$transaction((tx) => emitEvent(tx, type, modelKey, { model: modelKey, ...payload }));
  const row = await testDb().outboxEvent.findFirstOrThrow({ where: { modelKey, type }, orderBy: { id: "desc" }, select: { id: true } });
  return row.id;
}

const delivery = (webhookId: string, eventId: bigint) =>
  testDb().webhookDelivery.findUnique({ where: { webhookId_eventId: { webhookId, eventId } }, include: { attemptLog: { orderBy: { at: "asc" } } } });

/** A clock the test moves by hand. */
function manualClock(start = new Date()) {
  let now = start.getTime();
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
    now: () => new Date(now),
  };
}

const tick = (opts: TickOptions = {}) => runDeliveryTick(testDb(), { publicUrl: PUBLIC_URL, random: () => 0.5, ...opts });

// ---- tests ----------------------------------------------------------------------------------

describe("delivery", () => {
  it("delivers a matching event with a valid signature, the event and delivery headers, and the JSON body", async () => {
    const rx = await startReceiver();
    const hook = await makeWebhook({ url: rx.url, events: ["release.rolled_back"] });
    const eventId = await emit("release.rolled_back", {
      fromVersion: "2026-02-01.1",
      toVersion: "2026-01-15.2",
      by: "on-call@rollgate.test",
      actorType: "user",
      reason: "p95 breach",
      incidentId: "inc-1",
    });

    const report = await tick();
    expect(report.fannedOut).toBeGreaterThanOrEqual(1);

    const got = rx.forEvent(eventId);
    expect(got).toHaveLength(1);
    const [req] = got;
    expect(verifySignature(hook.secret, req!.headers, req!.body)).toMatchObject({ ok: true });
    expect(verifySignature("whsec_not_the_secret_at_all", req!.headers, req!.body).ok).toBe(false);
    expect(req!.headers["x-rollgate-event"]).toBe("release.rolled_back");
    expect(req!.headers["content-type"]).toBe("application/json");
    expect(req!.headers["user-agent"]).toMatch(/^Rollgate-Webhooks\//);

    const body = JSON.parse(req!.body);
    expect(body).toMatchObject({
      id: eventId.toString(),
      event: "release.rolled_back",
      versions: { from: "2026-02-01.1", to: "2026-01-15.2" },
      actor: { type: "user", label: "on-call@rollgate.test" },
      summary: expect.stringContaining("rolled back 2026-02-01.1 → 2026-01-15.2 by on-call@rollgate.test: p95 breach"),
      links: { incident: `${PUBLIC_URL}/incidents/inc-1`, release: expect.stringMatching(/^http:\/\/rollgate\.test\/models\/.+\/release$/) },
    });

    const row = await delivery(hook.id, eventId);
    expect(req!.deliveryId).toBe(row!.id);
    expect(row).toMatchObject({ status: "succeeded", attempts: 1, lastStatus: 200, lastError: null });
    expect(row!.deliveredAt).toBeInstanceOf(Date);
    expect(row!.attemptLog).toHaveLength(1);
    expect(row!.attemptLog[0]).toMatchObject({ statusCode: 200, error: null });

    // nothing more to send: a second pass sends nothing again
    await tick();
    expect(rx.forEvent(eventId)).toHaveLength(1);
  });

  it("sends the Slack format as a Slack incoming webhook expects it", async () => {
    const rx = await startReceiver();
    const hook = await makeWebhook({ url: rx.url, events: ["tenant.*"], format: "slack" });
    const eventId = await emit("tenant.pinned", { tenant: "acme", version: "2026-01-15.2", by: "ops@rollgate.test" });
    await tick();
    const row = await delivery(hook.id, eventId);
    const req = rx.received.find((r) => r.deliveryId === row!.id);
    expect(req).toBeDefined();
    const body = JSON.parse(req!.body);
    expect(body.text).toMatch(/^:pushpin: .+: tenant acme pinned to 2026-01-15\.2 by ops@rollgate\.test$/);
    expect(body.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    expect(verifySignature(hook.secret, req!.headers, req!.body).ok).toBe(true);
  });

  it("retries a receiver answering 500 with backoff, then records the success and every attempt", async () => {
    const t = manualClock();
    // this event's delivery fails twice; anything else the receiver gets is accepted
    let mine = "";
    const rx = await startReceiver((r, n) => (r.deliveryId === mine && n <= 2 ? 500 : 200));
    const hook = await makeWebhook({ url: rx.url, events: ["release.paused"] });
    const eventId = await emit("release.paused", { version: "v2", percent: 25, by: "ops@rollgate.test" });
    await fanOutEvents(testDb(), { now: t.now() });
    mine = (await delivery(hook.id, eventId))!.id;

    await tick({ clock: t.clock });
    let row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastStatus: 500 });
    expect(row!.lastError).toBe("HTTP 500: receiver says 500 (details)");
    // the first retry waits a minute (the jitter is fixed at its middle here)
    expect(row!.nextAttemptAt.getTime()).toBe(t.now().getTime() + MIN);

    t.advance(30_000);
    await tick({ clock: t.clock });
    expect(rx.forEvent(eventId)).toHaveLength(1); // not due yet

    t.advance(31_000);
    await tick({ clock: t.clock });
    row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({ status: "failed", attempts: 2, lastStatus: 500 });
    expect(row!.nextAttemptAt.getTime()).toBe(t.now().getTime() + 5 * MIN);

    t.advance(5 * MIN);
    await tick({ clock: t.clock });
    row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({ status: "succeeded", attempts: 3, lastStatus: 200, lastError: null });
    expect(row!.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    expect(row!.attemptLog.map((a) => a.error === null)).toEqual([false, false, true]);
    expect(row!.attemptLog.every((a) => a.durationMs >= 0)).toBe(true);

    // the same delivery id and the same body on every try; each try signed afresh
    const sent = rx.forEvent(eventId);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.deliveryId)).size).toBe(1);
    expect(new Set(sent.map((s) => s.body)).size).toBe(1);
    for (const s of sent) expect(verifySignature(hook.secret, s.headers, s.body).ok).toBe(true);

    // the delivery log the page shows
    const [logged] = await listDeliveries(testDb(), hook.id);
    expect(logged).toMatchObject({ id: mine, eventId: eventId.toString(), event: "release.paused", status: "succeeded", attempts: 3, lastStatus: 200, nextAttemptAt: null });
    expect(logged!.attemptLog).toHaveLength(3);
  });

  it("gives up after eight attempts; an admin's redeliver starts it again and is audited", async () => {
    const t = manualClock();
    let healthy = false;
    const rx = await startReceiver(() => (healthy ? 204 : 503));
    const hook = await makeWebhook({ url: rx.url, events: ["version.archived"] });
    const eventId = await emit("version.archived", { version: "v0", by: "ops@rollgate.test" });

    for (let i = 0; i < 8; i++) {
      await tick({ clock: t.clock });
      t.advance(13 * 60 * MIN);
    }
    let row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({ status: "dead", attempts: 8, lastStatus: 503 });
    expect(row!.attemptLog).toHaveLength(8);
    await tick({ clock: t.clock });
    expect(rx.forEvent(eventId)).toHaveLength(8);

    const result = await redeliverWebhookDelivery(testDb(), adminActor, { deliveryId: row!.id });
    expect(result).toMatchObject({ deliveryId: row!.id, webhookId: hook.id, webhookActive: true });
    row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    const audit = await testDb().auditEvent.findFirst({ where: { subjectId: hook.id, action: "webhook.redelivered" } });
    expect(audit).toMatchObject({ actorId: admin.id, before: { status: "dead", attempts: 8 }, after: { status: "pending", event: "version.archived" } });

    healthy = true;
    await tick({ clock: t.clock }); // redelivered "now" (the real clock), so due on the test's later one
    row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({ status: "succeeded", attempts: 1, lastStatus: 204 });
    expect(row!.attemptLog).toHaveLength(9);
    const [logged] = await listDeliveries(testDb(), hook.id);
    expect(logged).toMatchObject({ attempts: 1, moreAttempts: false, lastStatus: 204 });
    expect(logged!.attemptLog.map((a) => a.statusCode)).toEqual([503, 503, 503, 503, 503, 503, 503, 503, 204]);
  });

  it("records a timeout, a refused connection and a redirect as failed attempts", async () => {
    const hanging = await startReceiver(() => "hang");
    const redirecting = await startReceiver(() => 302);
    const closed = await startReceiver();
    await closed.close();
    const a = await makeWebhook({ url: hanging.url, events: ["version.staged"] });
    const b = await makeWebhook({ url: redirecting.url, events: ["version.staged"] });
    const c = await makeWebhook({ url: closed.url, events: ["version.staged"] });
    const eventId = await emit("version.staged", { version: "v1" });

    await tick({ timeoutMs: 300 });
    expect(await delivery(a.id, eventId)).toMatchObject({ status: "failed", attempts: 1, lastStatus: null, lastError: "no response within 0.3 s" });
    expect(await delivery(b.id, eventId)).toMatchObject({ status: "failed", attempts: 1, lastStatus: 302, lastError: expect.stringMatching(/^redirected \(302\)/) });
    expect(await delivery(c.id, eventId)).toMatchObject({ status: "failed", attempts: 1, lastStatus: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe("fan-out", () => {
  it("sends nothing to an inactive webhook, a non-matching filter, or a webhook created after the event", async () => {
    const rx = await startReceiver();
    const inactive = await makeWebhook({ url: rx.url, events: ["*"], active: false });
    const other = await makeWebhook({ url: rx.url, events: ["version.promoted", "tenant.*"] });
    const group = await makeWebhook({ url: rx.url, events: ["release.*"] });
    const eventId = await emit("release.advanced", { version: "v2", percent: 50 });
    const late = await makeWebhook({ url: rx.url, events: ["*"] });

    await fanOutEvents(testDb());
    await fanOutEvents(testDb()); // idempotent
    expect(await delivery(inactive.id, eventId)).toBeNull();
    expect(await delivery(other.id, eventId)).toBeNull();
    expect(await delivery(late.id, eventId)).toBeNull();
    expect(await testDb().webhookDelivery.count({ where: { webhookId: group.id, eventId } })).toBe(1);

    await tick();
    const got = rx.forEvent(eventId);
    expect(got).toHaveLength(1);
    expect(got[0]!.deliveryId).toBe((await delivery(group.id, eventId))!.id);
  });

  it("an event older than the look-back window is not fanned out", async () => {
    const rx = await startReceiver();
    const hook = await makeWebhook({ url: rx.url, events: ["release.resumed"] });
    const eventId = await emit("release.resumed", { version: "v2" });
    await fanOutEvents(testDb(), { now: new Date(Date.now() + 20 * MIN) });
    expect(await delivery(hook.id, eventId)).toBeNull();
    await fanOutEvents(testDb());
    expect(await delivery(hook.id, eventId)).not.toBeNull();
  });
});

describe("two loops at once", () => {
  it("never claim the same delivery", async () => {
    const rx = await startReceiver();
    const hook = await makeWebhook({ url: rx.url, events: ["release.started"] });
    const ids: bigint[] = [];
    for (let i = 0; i < 12; i++) ids.push(await emit("release.started", { version: `v${i}`, percent: 5 }));
    await fanOutEvents(testDb());
    const mine = await testDb().webhookDelivery.findMany({ where: { webhookId: hook.id, eventId: { in: ids } }, select: { id: true } });
    expect(mine).toHaveLength(12);

    const [a, b] = await Promise.all([claimDueDeliveries(testDb(), { limit: 100 }), claimDueDeliveries(testDb(), { limit: 100 })]);
    const aIds = new Set(a.map((d) => d.id));
    const bIds = new Set(b.map((d) => d.id));
    for (const id of aIds) expect(bIds.has(id)).toBe(false);
    for (const { id } of mine) expect(aIds.has(id) || bIds.has(id)).toBe(true);

    // claimed means leased: a third loop finds none of them due
    const c = await claimDueDeliveries(testDb(), { limit: 100 });
    for (const { id } of mine) expect(c.some((d) => d.id === id)).toBe(false);

    await Promise.all([...a, ...b].filter((d) => d.webhook.id === hook.id).map((d) => attemptDelivery(testDb(), d, { publicUrl: PUBLIC_URL })));
    for (const id of ids) expect(rx.forEvent(id)).toHaveLength(1);
  });

  it("send each delivery once when two passes run in parallel", async () => {
    const rx = await startReceiver();
    const hook = await makeWebhook({ url: rx.url, events: ["release.completed"] });
    const ids: bigint[] = [];
    for (let i = 0; i < 20; i++) ids.push(await emit("release.completed", { version: `v${i}` }));

    const [r1, r2] = await Promise.all([tick({ batchSize: 4 }), tick({ batchSize: 4 })]);
    expect(r1.attempted + r2.attempted).toBeGreaterThanOrEqual(20);
    for (const id of ids) expect(rx.forEvent(id)).toHaveLength(1);
    const statuses = await testDb().webhookDelivery.groupBy({ by: ["status"], where: { webhookId: hook.id }, _count: { _all: true } });
    expect(statuses).toEqual([{ status: "succeeded", _count: { _all: 20 } }]);
    expect(await testDb().webhookAttempt.count({ where: { delivery: { webhookId: hook.id } } })).toBe(20);
  });

  it("a result that comes back after the delivery was redelivered does not overwrite it", async () => {
    const rx = await startReceiver(() => 500);
    const hook = await makeWebhook({ url: rx.url, events: ["version.deprecated"] });
    const eventId = await emit("version.deprecated", { version: "v1" });
    await fanOutEvents(testDb());
    const claimed = (await claimDueDeliveries(testDb(), { limit: 100 })).find((d) => d.webhook.id === hook.id)!;
    await redeliverWebhookDelivery(testDb(), adminActor, { deliveryId: claimed.id });
    const result = await attemptDelivery(testDb(), claimed, { publicUrl: PUBLIC_URL });
    expect(result).toMatchObject({ status: "failed", recorded: false });
    const row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(row!.attemptLog).toHaveLength(1); // the attempt happened, and is logged
  });
});

describe("send test", () => {
  it("queues a webhook.test event for that one webhook, paused or not", async () => {
    const rx = await startReceiver();
    const hook = await makeWebhook({ url: rx.url, events: ["*"], active: false });
    const bystander = await makeWebhook({ url: rx.url, events: ["*"] });
    const { eventId, deliveryId } = await sendTestWebhook(testDb(), adminActor, { id: hook.id });

    await tick();
    const got = rx.forEvent(eventId);
    expect(got).toHaveLength(1);
    expect(got[0]!.deliveryId).toBe(deliveryId);
    expect(got[0]!.headers["x-rollgate-event"]).toBe("webhook.test");
    expect(JSON.parse(got[0]!.body)).toMatchObject({ event: "webhook.test", model: null, summary: expect.stringContaining("Test delivery from Rollgate") });
    expect(verifySignature(hook.secret, got[0]!.headers, got[0]!.body).ok).toBe(true);
    expect(await delivery(bystander.id, BigInt(eventId))).toBeNull();
    expect(await testDb().auditEvent.count({ where: { subjectId: hook.id, action: "webhook.test_sent" } })).toBe(1);
  });
});

describe("managing webhooks", () => {
  it("is for admins only: actions refuse other roles, services refuse other roles and API tokens", async () => {
    const rx = await startReceiver();
    const hook = await makeWebhook({ url: rx.url });
    for (const role of ["viewer", "operator", "approver"] as const) {
      const user = await createUser(role);
      signInAs(user);
      const results = await Promise.all([
        createWebhookAction({ name: "x", url: rx.url, events: ["*"] }),
        updateWebhookAction({ id: hook.id, name: "x", url: rx.url, events: ["*"] }),
        deleteWebhookAction({ id: hook.id }),
        rotateWebhookSecretAction({ id: hook.id }),
        sendTestWebhookAction({ id: hook.id }),
        redeliverAction({ deliveryId: "nope" }),
      ]);
      for (const r of results) expect(r).toMatchObject({ ok: false, error: { code: "forbidden" } });
      await expect(createWebhook(testDb(), asActor(user), { name: "x", url: rx.url, events: ["*"] })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(deleteWebhook(testDb(), asActor(user), { id: hook.id })).rejects.toBeInstanceOf(ForbiddenError);
    }
    const token: Actor = { type: "token", id: "t1", label: "ci", scopes: ["registry:write", "release:write"] };
    await expect(rotateWebhookSecret(testDb(), token, { id: hook.id })).rejects.toBeInstanceOf(ForbiddenError);
    signInAs(null);
    expect(await createWebhookAction({ name: "x", url: rx.url, events: ["*"] })).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    expect(await testDb().webhook.count({ where: { id: hook.id } })).toBe(1);
  });

  it("an admin creates, edits, rotates and deletes; each change audited without the secret or the full URL", async () => {
    signInAs(admin);
    const slackUrl = "https://hooks.slack.com/services/T000/B000/very-secret-token";
    const made = await createWebhookAction({ name: "ops channel", url: slackUrl, events: ["release.rolled_back", "release.*"], format: "slack" });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const id = made.data.webhook.id;
    created.push(id);
    expect(made.data.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(made.data.webhook).toMatchObject({ name: "ops channel", events: ["release.*"], format: "slack", active: true, createdBy: admin.email });
    expect(made.data.webhook).not.toHaveProperty("secret");

    const edited = await updateWebhookAction({ id, name: "ops channel", url: slackUrl, events: ["*"], format: "slack", active: "false" });
    expect(edited).toMatchObject({ ok: true, data: { active: false, events: ["*"] } });

    const rotated = await rotateWebhookSecretAction({ id });
    expect(rotated.ok).toBe(true);
    if (!rotated.ok) return;
    expect(rotated.data.secret).not.toBe(made.data.secret);
    expect((await testDb().webhook.findUniqueOrThrow({ where: { id } })).secret).toBe(rotated.data.secret);

    // reads never carry the secret
    const listed = (await listWebhooks(testDb())).find((w) => w.id === id);
    expect(listed).toMatchObject({ id, active: false, lastDelivery: null, counts: { pending: 0, failed: 0, succeeded: 0, dead: 0 } });
    expect(JSON.stringify(listed)).not.toContain("whsec_");

    expect(await deleteWebhookAction({ id })).toMatchObject({ ok: true, data: { id, name: "ops channel" } });
    expect(await testDb().webhook.count({ where: { id } })).toBe(0);

    const audit = await testDb().auditEvent.findMany({ where: { subjectType: "webhook", subjectId: id }, orderBy: { seq: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["webhook.created", "webhook.updated", "webhook.secret_rotated", "webhook.deleted"]);
    expect(audit.every((a) => a.actorId === admin.id && a.actorType === "user")).toBe(true);
    expect(audit[0]!.after).toMatchObject({ name: "ops channel", url: "https://hooks.slack.com/services/…", secret: "generated" });
    expect(audit[1]).toMatchObject({ before: { active: true, events: ["release.*"] }, after: { active: false, events: ["*"], urlChanged: false } });
    const text = JSON.stringify(audit.map((a) => [a.before, a.after, a.reason]));
    expect(text).not.toContain("very-secret-token");
    expect(text).not.toContain(made.data.secret);
    expect(text).not.toContain(rotated.data.secret);
  });

  it("refuses bad input with a message per field, and an unknown id with 404", async () => {
    signInAs(admin);
    const bad = await createWebhookAction({ name: "", url: "https://user:pw@example.com/hook", events: [], secret: "short" });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe("schema_error");
    expect(bad.error.issues?.map((i) => i.path).sort()).toEqual(["events", "name", "secret", "url"]);
    expect(bad.error.issues?.find((i) => i.path === "url")?.message).toMatch(/user name and password/);

    await expect(createWebhook(testDb(), adminActor, { name: "x", url: "ftp://example.com", events: ["*"] })).rejects.toBeInstanceOf(ValidationError);
    expect(await updateWebhookAction({ id: "missing", name: "x", url: "https://example.com/h", events: ["*"] })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await redeliverAction({ deliveryId: "missing" })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  it("keeps a secret the admin provides, and deletes the delivery log with the webhook", async () => {
    const rx = await startReceiver();
    const secret = "a-receiver-chosen-secret-0123";
    const hook = await makeWebhook({ url: rx.url, events: ["approval.decided"], secret });
    expect(hook.secret).toBe(secret);
    const eventId = await emit("approval.decided", { version: "v1", decision: "approved", reviewer: { email: "lead@rollgate.test" } });
    await tick();
    const [req] = rx.forEvent(eventId);
    expect(verifySignature(secret, req!.headers, req!.body).ok).toBe(true);

    const edited = await updateWebhook(testDb(), adminActor, { id: hook.id, name: "renamed", url: rx.url, events: ["approval.decided"] });
    expect(edited.name).toBe("renamed");
    await deleteWebhook(testDb(), adminActor, { id: hook.id });
    expect(await testDb().webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(0);
    // the event itself stays in the outbox
    expect(await testDb().outboxEvent.count({ where: { id: eventId } })).toBe(1);
  });
});
