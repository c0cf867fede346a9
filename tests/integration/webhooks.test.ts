// Webhooks against a real database and a real HTTP receiver on 127.0.0.1 (a random port):
// fan-out by filter, signed delivery, retries with backoff driven by an injected clock (no
// sleeps), giving up and redelivering, two loops racing for the same deliveries, the test
// event, the admin-only actions with their audit events, and egress: which addresses a URL
// may point to, at save time and at delivery time.
// The receivers listen on loopback, which webhooks may not reach unless the allowlist
// (ROLLGATE_WEBHOOK_ALLOWED_HOSTS) says so: tests that deliver to them pass RECEIVERS as the
// allowlist, the way the delivery loop and the service take it from the configuration.
// Every test makes its own webhooks and events and deletes its webhooks afterwards; other test
// files write outbox events at the same time, so assertions look only at this file's events.
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DeliveriesTable } from "../../app/(dashboard)/settings/webhooks/[id]/_components/deliveries-table";
import type { User } from "../../generated/prisma/client";
import type { Actor } from "../../lib/auth/actor";
import { ForbiddenError, ValidationError } from "../../lib/errors";
import { emitEvent, InvalidEventError } from "../../lib/events/emit";
import { EXAMPLE_EVENTS } from "../../lib/events/examples";
import { parseOutboxEvent, type OutboxEventInput } from "../../lib/events/schemas";
import {
  createWebhookAction,
  deleteWebhookAction,
  redeliverAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  updateWebhookAction,
} from "../../lib/notify/actions";
import { parseAllowedHosts, type AllowedHosts } from "../../lib/http/allowed-hosts";
import { attemptDelivery, claimDueDeliveries, runDeliveryTick, type TickOptions } from "../../lib/notify/deliver";
import type { Resolver } from "../../lib/notify/egress";
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

const allowlist = (raw: string): AllowedHosts => {
  const parsed = parseAllowedHosts(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
/** The allowlist that lets deliveries reach this file's receivers. */
const RECEIVERS = allowlist("127.0.0.1");

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
  const { webhook, secret } = await createWebhook(
    testDb(),
    adminActor,
    { name: `it ${uniqueModelKey("hook")}`, events: ["*"], ...input },
    { allowedHosts: RECEIVERS },
  );
  created.push(webhook.id);
  return { id: webhook.id, secret };
}

/**
 * An outbox row with only the fields a test looks at. The services write whole payloads
 * (lib/events checks them); a partial row like this one is read as rows stored by earlier
 * versions are, which is how these bodies were always built.
 */
async function emit(type: string, payload: Record<string, unknown> = {}, modelKey = uniqueModelKey("it-hook")): Promise<bigint> {
  const row = await testDb().outboxEvent.create({
    data: { type, modelKey, payload: { model: modelKey, ...payload } },
    select: { id: true },
  });
  return row.id;
}

const delivery = (webhookId: string, eventId: bigint) =>
  testDb().webhookDelivery.findUnique({
    where: { webhookId_eventId: { webhookId, eventId } },
    include: { attemptLog: { orderBy: { at: "asc" } } },
  });

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

const tick = (opts: TickOptions = {}) =>
  runDeliveryTick(testDb(), { publicUrl: PUBLIC_URL, random: () => 0.5, allowedHosts: RECEIVERS, ...opts });

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
      links: {
        incident: `${PUBLIC_URL}/incidents/inc-1`,
        release: expect.stringMatching(/^http:\/\/rollgate\.test\/models\/.+\/release$/),
      },
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

  it("delivers an event a service emitted through lib/events, its body read from the typed payload", async () => {
    const rx = await startReceiver();
    const hook = await makeWebhook({ url: rx.url, events: ["release.rolled_back"] });
    const modelKey = uniqueModelKey("it-typed");
    const event = EXAMPLE_EVENTS["release.rolled_back"];
    const payload = { ...event.payload, model: modelKey };
    const { id } = await testDb().$transaction((tx) => emitEvent(tx, { ...event, modelKey, payload }));
    const stored = await testDb().outboxEvent.findUniqueOrThrow({ where: { id } });
    expect(parseOutboxEvent(stored)).toEqual({ type: "release.rolled_back", modelKey, payload });

    await tick();
    const [req] = rx.forEvent(id);
    expect(verifySignature(hook.secret, req!.headers, req!.body).ok).toBe(true);
    expect(JSON.parse(req!.body)).toEqual({
      id: id.toString(),
      event: "release.rolled_back",
      time: stored.createdAt.toISOString(),
      model: modelKey,
      versions: { version: "2026-02-01.1", from: "2026-02-01.1", to: "2026-01-15.2", stable: "2026-01-15.2" },
      actor: { type: "token", label: "on-call@rollgate.example" },
      summary: `${modelKey} rolled back 2026-02-01.1 → 2026-01-15.2 by on-call@rollgate.example: p95 breach`,
      data: payload,
      links: {
        model: `${PUBLIC_URL}/models/${modelKey}`,
        version: `${PUBLIC_URL}/models/${modelKey}/versions/2026-02-01.1`,
        release: `${PUBLIC_URL}/models/${modelKey}/release`,
        incident: `${PUBLIC_URL}/incidents/inc_1`,
      },
    });
  });

  it("refuses to emit an event whose payload is not what its schema says, and the transaction writes nothing", async () => {
    const modelKey = uniqueModelKey("it-bad");
    const bad = { type: "tenant.pinned", modelKey, payload: { model: modelKey, tenant: "acme" } } as unknown as OutboxEventInput;
    await expect(testDb().$transaction((tx) => emitEvent(tx, bad))).rejects.toThrow(InvalidEventError);
    expect(await testDb().outboxEvent.count({ where: { modelKey } })).toBe(0);
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
    // the status and a fixed message: never what the receiver wrote in its body
    expect(row!.lastError).toBe("HTTP 500");
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
    expect(logged).toMatchObject({
      id: mine,
      eventId: eventId.toString(),
      event: "release.paused",
      status: "succeeded",
      attempts: 3,
      lastStatus: 200,
      nextAttemptAt: null,
    });
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
    expect(audit).toMatchObject({
      actorId: admin.id,
      before: { status: "dead", attempts: 8 },
      after: { status: "pending", event: "version.archived" },
    });

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
    expect(await delivery(a.id, eventId)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastStatus: null,
      lastError: "no response within 0.3 s",
    });
    expect(await delivery(b.id, eventId)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastStatus: 302,
      lastError: expect.stringMatching(/^redirected \(HTTP 302\)/),
    });
    expect(await delivery(c.id, eventId)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastStatus: null,
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });
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

    await Promise.all(
      [...a, ...b]
        .filter((d) => d.webhook.id === hook.id)
        .map((d) => attemptDelivery(testDb(), d, { publicUrl: PUBLIC_URL, allowedHosts: RECEIVERS })),
    );
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
    // only this test's events: other files running at the same time emit release.completed too
    const statuses = await testDb().webhookDelivery.groupBy({
      by: ["status"],
      where: { webhookId: hook.id, eventId: { in: ids } },
      _count: { _all: true },
    });
    expect(statuses).toEqual([{ status: "succeeded", _count: { _all: 20 } }]);
    expect(await testDb().webhookAttempt.count({ where: { delivery: { webhookId: hook.id, eventId: { in: ids } } } })).toBe(20);
  });

  it("a result that comes back after the delivery was redelivered does not overwrite it", async () => {
    const rx = await startReceiver(() => 500);
    const hook = await makeWebhook({ url: rx.url, events: ["version.deprecated"] });
    const eventId = await emit("version.deprecated", { version: "v1" });
    await fanOutEvents(testDb());
    const claimed = (await claimDueDeliveries(testDb(), { limit: 100 })).find((d) => d.webhook.id === hook.id)!;
    await redeliverWebhookDelivery(testDb(), adminActor, { deliveryId: claimed.id });
    const result = await attemptDelivery(testDb(), claimed, { publicUrl: PUBLIC_URL, allowedHosts: RECEIVERS });
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
    expect(JSON.parse(got[0]!.body)).toMatchObject({
      event: "webhook.test",
      model: null,
      summary: expect.stringContaining("Test delivery from Rollgate"),
    });
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
      await expect(createWebhook(testDb(), asActor(user), { name: "x", url: rx.url, events: ["*"] })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(deleteWebhook(testDb(), asActor(user), { id: hook.id })).rejects.toBeInstanceOf(ForbiddenError);
    }
    const token: Actor = { type: "token", id: "t1", label: "ci", scopes: ["registry:write", "release:write"] };
    await expect(rotateWebhookSecret(testDb(), token, { id: hook.id })).rejects.toBeInstanceOf(ForbiddenError);
    signInAs(null);
    expect(await createWebhookAction({ name: "x", url: rx.url, events: ["*"] })).toMatchObject({
      ok: false,
      error: { code: "unauthorized" },
    });
    expect(await testDb().webhook.count({ where: { id: hook.id } })).toBe(1);
  });

  it("an admin creates, edits, rotates and deletes; each change audited without the secret or the full URL", async () => {
    signInAs(admin);
    const slackUrl = "https://hooks.slack.com/services/T000/B000/very-secret-token";
    const made = await createWebhookAction({
      name: "ops channel",
      url: slackUrl,
      events: ["release.rolled_back", "release.*"],
      format: "slack",
    });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const id = made.data.webhook.id;
    created.push(id);
    expect(made.data.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(made.data.webhook).toMatchObject({
      name: "ops channel",
      events: ["release.*"],
      format: "slack",
      active: true,
      createdBy: admin.email,
    });
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
    expect(audit[1]).toMatchObject({
      before: { active: true, events: ["release.*"] },
      after: { active: false, events: ["*"], urlChanged: false },
    });
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

    await expect(createWebhook(testDb(), adminActor, { name: "x", url: "ftp://example.com", events: ["*"] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(await updateWebhookAction({ id: "missing", name: "x", url: "https://example.com/h", events: ["*"] })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
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

    const edited = await updateWebhook(
      testDb(),
      adminActor,
      { id: hook.id, name: "renamed", url: rx.url, events: ["approval.decided"] },
      { allowedHosts: RECEIVERS },
    );
    expect(edited.name).toBe("renamed");
    await deleteWebhook(testDb(), adminActor, { id: hook.id });
    expect(await testDb().webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(0);
    // the event itself stays in the outbox
    expect(await testDb().outboxEvent.count({ where: { id: eventId } })).toBe(1);
  });
});

// ---- egress: where a webhook may send ------------------------------------------------------

/** A server on 127.0.0.1 answering with `handle`; it records each request's Host header. */
async function startRawServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ port: number; hosts: string[]; count(): number }> {
  const hosts: string[] = [];
  const server = createServer((req, res) => {
    hosts.push(String(req.headers.host));
    req.resume();
    req.on("end", () => handle(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receivers.push({
    url: "",
    received: [],
    forEvent: () => [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return { port: (server.address() as AddressInfo).port, hosts, count: () => hosts.length };
}

/** A resolver from a table, standing in for DNS; unknown names fail like dns.lookup. */
function resolverOf(table: Record<string, string>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (name: string) => {
    calls.push(name);
    const address = table[name];
    if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    return [{ address, family: (address.includes(":") ? 6 : 4) as 4 | 6 }];
  };
  return Object.assign(resolve, { calls });
}

/** A webhook row as one saved before URLs were checked would be. */
async function legacyWebhook(url: string, events = ["*"]): Promise<string> {
  const row = await testDb().webhook.create({
    data: { name: `legacy ${uniqueModelKey("hook")}`, url, secret: "whsec_legacy-secret-0123456789", events, createdBy: "it" },
    select: { id: true },
  });
  created.push(row.id);
  return row.id;
}

const PROBE_URLS = [
  "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
  "http://[::1]/hook",
  "http://[::ffff:127.0.0.1]/hook",
  "http://2130706433/hook",
  "http://0177.0.0.1/hook",
  "http://127.1/hook",
  "http://localhost/hook",
  "http://localhost.:8080/hook",
  "http://[fe80::1]/hook",
  "http://10.0.0.1/hook",
  "http://192.168.1.1/hook",
  "http://100.64.0.1/hook",
  "http://0.0.0.0/hook",
  "http://[fd00:ec2::254]/latest/meta-data/",
  "http://[64:ff9b::a9fe:a9fe]/hook",
  "http://[2002:7f00:1::]/hook",
];

describe("egress", () => {
  it("refuses every probe URL on save with a 422 naming url, from the service and the form's action; nothing is written", async () => {
    signInAs(admin);
    const existing = await makeWebhook({ url: "https://hooks.example.com/rollgate", events: ["*"] });
    for (const url of PROBE_URLS) {
      const name = `probe ${uniqueModelKey("hook")}`;
      const error = await createWebhook(testDb(), adminActor, { name, url, events: ["*"] }).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).status).toBe(422);
      expect((error as ValidationError).issues).toEqual([{ path: "url", message: expect.stringMatching(/not a public address|loopback/) }]);

      const viaAction = await createWebhookAction({ name, url, events: ["*"] });
      expect(viaAction, url).toMatchObject({ ok: false, error: { code: "schema_error", issues: [{ path: "url" }] } });
      expect(await testDb().webhook.count({ where: { name } }), url).toBe(0);

      const edit = await updateWebhookAction({ id: existing.id, name: "moved", url, events: ["*"] });
      expect(edit, url).toMatchObject({ ok: false, error: { code: "schema_error", issues: [{ path: "url" }] } });
    }
    expect(await testDb().webhook.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({
      url: "https://hooks.example.com/rollgate",
    });
    expect(await testDb().auditEvent.count({ where: { subjectId: existing.id, action: "webhook.updated" } })).toBe(0);
  });

  it("the message names the address the URL really means", async () => {
    signInAs(admin);
    const result = await createWebhookAction({ name: "x", url: "http://2130706433/", events: ["*"] });
    expect(result).toMatchObject({
      ok: false,
      error: { issues: [{ path: "url", message: expect.stringMatching(/^127\.0\.0\.1 is not a public address: it is loopback/) }] },
    });
  });

  it("refuses on save a name that resolves to a non-public address", async () => {
    const resolve = resolverOf({ "internal.rollgate.test": "10.1.2.3" });
    await expect(
      createWebhook(testDb(), adminActor, { name: "x", url: "https://internal.rollgate.test/h", events: ["*"] }, { resolve }),
    ).rejects.toMatchObject({
      status: 422,
      issues: [{ path: "url", message: expect.stringMatching(/resolves to a non-public address \(private network/) }],
    });
  });

  it("refuses at delivery a name that resolves to loopback, even though it resolved to a public address when saved", async () => {
    const rx = await startReceiver();
    const port = new URL(rx.url).port;
    const url = `http://rebind.rollgate.test:${port}/hooks/rollgate`;
    // public when saved…
    const hook = await makeWebhookWith(url, resolverOf({ "rebind.rollgate.test": "93.184.216.34" }));
    const eventId = await emit("version.staged", { version: "v1" });
    // …loopback when it is time to deliver (DNS rebinding)
    const resolve = resolverOf({ "rebind.rollgate.test": "127.0.0.1" });
    await tick({ resolve, allowedHosts: allowlist("") });
    expect(rx.received).toHaveLength(0);
    expect(await delivery(hook, eventId)).toMatchObject({
      status: "failed",
      attempts: 1,
      lastStatus: null,
      lastError: "refused: resolves to a non-public address",
    });
  });

  it("refuses at delivery localhost and address URLs saved before the check existed", async () => {
    const rx = await startReceiver();
    const port = new URL(rx.url).port;
    const viaName = await legacyWebhook(`http://localhost:${port}/hooks/rollgate`, ["version.staged"]);
    const viaDecimal = await legacyWebhook(`http://2130706433:${port}/hooks/rollgate`, ["version.staged"]);
    const viaMapped = await legacyWebhook(`http://[::ffff:127.0.0.1]:${port}/hooks/rollgate`, ["version.staged"]);
    const eventId = await emit("version.staged", { version: "v1" });
    // the system resolver: localhost is 127.0.0.1 (and perhaps ::1)
    await tick({ allowedHosts: allowlist("") });
    expect(rx.received).toHaveLength(0);
    expect(await delivery(viaName, eventId)).toMatchObject({
      status: "failed",
      lastStatus: null,
      lastError: "refused: resolves to a non-public address",
    });
    expect(await delivery(viaDecimal, eventId)).toMatchObject({
      status: "failed",
      lastStatus: null,
      lastError: "refused: a non-public address",
    });
    expect(await delivery(viaMapped, eventId)).toMatchObject({
      status: "failed",
      lastStatus: null,
      lastError: "refused: a non-public address",
    });
  });

  it("the allowlist permits a named local host: saved, then delivered to the address checked, with the host name in Host", async () => {
    const rx = await startReceiver();
    const port = new URL(rx.url).port;
    const url = `http://relay.rollgate.test:${port}/hooks/rollgate`;
    const table = { "relay.rollgate.test": "127.0.0.1" };

    // not without it
    await expect(
      createWebhook(testDb(), adminActor, { name: "x", url, events: ["*"] }, { resolve: resolverOf(table) }),
    ).rejects.toMatchObject({ status: 422, issues: [{ path: "url" }] });

    const allowedHosts = allowlist("relay.rollgate.test");
    const { webhook } = await createWebhook(
      testDb(),
      adminActor,
      { name: `relay ${uniqueModelKey("hook")}`, url, events: ["tenant.pinned"] },
      { allowedHosts, resolve: resolverOf(table) },
    );
    created.push(webhook.id);
    const eventId = await emit("tenant.pinned", { tenant: "acme", version: "v1" });

    // The system resolver does not know this name: the request can only have reached the
    // receiver through the address the check resolved, once.
    const resolve = resolverOf(table);
    await tick({ allowedHosts, resolve });
    const got = rx.forEvent(eventId);
    expect(got).toHaveLength(1);
    expect(got[0]!.headers.host).toBe(`relay.rollgate.test:${port}`);
    expect(resolve.calls).toEqual(["relay.rollgate.test"]);
    expect(await delivery(webhook.id, eventId)).toMatchObject({ status: "succeeded", lastStatus: 200, lastError: null });
  });

  it("sends the URL's host name as the TLS server name while connecting to the checked address", async () => {
    const names: string[] = [];
    // no certificate at all: the handshake fails after the client has said which name it wants
    const tlsServer = createTlsServer({
      SNICallback: (servername, cb) => {
        names.push(servername);
        cb(new Error("no certificate here"));
      },
    });
    await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
    receivers.push({
      url: "",
      received: [],
      forEvent: () => [],
      close: () => new Promise<void>((resolve) => tlsServer.close(() => resolve())),
    });
    const port = (tlsServer.address() as AddressInfo).port;
    const allowedHosts = allowlist("secure.rollgate.test");
    const table = { "secure.rollgate.test": "127.0.0.1" };
    const { webhook } = await createWebhook(
      testDb(),
      adminActor,
      { name: `tls ${uniqueModelKey("hook")}`, url: `https://secure.rollgate.test:${port}/h`, events: ["tenant.unpinned"] },
      { allowedHosts, resolve: resolverOf(table) },
    );
    created.push(webhook.id);
    const eventId = await emit("tenant.unpinned", { tenant: "acme" });
    await tick({ allowedHosts, resolve: resolverOf(table), timeoutMs: 5_000 });
    expect(names).toEqual(["secure.rollgate.test"]);
    const row = await delivery(webhook.id, eventId);
    expect(row).toMatchObject({ status: "failed", lastStatus: null });
    expect(row!.lastError).toMatch(/^(connection|TLS)/);
  });

  it("does not follow a redirect, and keeps neither its target nor its body", async () => {
    const target = await startReceiver();
    const redirecting = await startRawServer((_req, res) => {
      res.writeHead(307, { location: target.url, "content-type": "text/plain" }).end(`moved to ${target.url}`);
    });
    const hook = await makeWebhook({ url: `http://127.0.0.1:${redirecting.port}/hook`, events: ["release.started"] });
    const eventId = await emit("release.started", { version: "v2", percent: 5 });
    await tick();
    expect(redirecting.count()).toBe(1);
    expect(target.received).toHaveLength(0);
    const row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({
      status: "failed",
      lastStatus: 307,
      lastError: "redirected (HTTP 307); redirects are not followed, so set the final URL",
    });
    expect(JSON.stringify([row!.lastError, ...row!.attemptLog.map((a) => a.error)])).not.toContain(target.url);
  });

  it("stores and shows a failing receiver's status, never its body", async () => {
    const leak = `root:x:0:0 ami-id=${uniqueModelKey("secret")}`;
    const failing = await startRawServer((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(`${leak}\n${"internal details ".repeat(20)}`);
    });
    const hook = await makeWebhook({ url: `http://127.0.0.1:${failing.port}/hook`, events: ["release.paused"] });
    const eventId = await emit("release.paused", { version: "v2" });
    await tick();
    const row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({ status: "failed", lastStatus: 500, lastError: "HTTP 500" });
    expect(row!.attemptLog.map((a) => [a.statusCode, a.error])).toEqual([[500, "HTTP 500"]]);
    expect(JSON.stringify(await listDeliveries(testDb(), hook.id))).not.toContain("ami-id");

    // the webhook page's delivery log, rendered from the same query the page uses
    const html = renderToString(createElement(DeliveriesTable, { deliveries: await listDeliveries(testDb(), hook.id) }));
    expect(html).toContain("release.paused");
    expect(html).toContain("HTTP 500");
    expect(html).not.toContain("ami-id");
    expect(html).not.toContain("internal details");
  });

  it("reads at most a little of a response and hangs up, however much the receiver sends", async () => {
    const chunk = "x".repeat(64 * 1024);
    let streaming: NodeJS.Timeout | undefined;
    const endless = await startRawServer((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.write(chunk);
      streaming = setInterval(() => res.write(chunk), 5);
      res.on("close", () => clearInterval(streaming));
    });
    const hook = await makeWebhook({ url: `http://127.0.0.1:${endless.port}/hook`, events: ["release.resumed"] });
    const eventId = await emit("release.resumed", { version: "v2" });
    const report = await tick({ timeoutMs: 20_000 });
    clearInterval(streaming);
    const mine = report.results.find((r) => r.statusCode === 500);
    expect(mine).toMatchObject({ status: "failed", error: "HTTP 500" });
    expect(mine!.durationMs).toBeLessThan(10_000);
    expect(await delivery(hook.id, eventId)).toMatchObject({ lastStatus: 500, lastError: "HTTP 500" });
  });

  it("a shutdown aborts a request in flight and hands its delivery back, not counted as an attempt", async () => {
    const hanging = await startReceiver(() => "hang");
    const hook = await makeWebhook({ url: hanging.url, events: ["release.advanced"] });
    const eventId = await emit("release.advanced", { version: "v2", percent: 50 });
    await fanOutEvents(testDb());
    const claimed = (await claimDueDeliveries(testDb(), { limit: 100 })).find((d) => d.webhook.id === hook.id)!;
    const shutdown = new AbortController();
    const attempt = attemptDelivery(testDb(), claimed, {
      publicUrl: PUBLIC_URL,
      allowedHosts: RECEIVERS,
      timeoutMs: 20_000,
      signal: shutdown.signal,
    });
    await expect.poll(() => hanging.forEvent(eventId).length).toBe(1);
    shutdown.abort();
    expect(await attempt).toBeNull();
    const row = await delivery(hook.id, eventId);
    expect(row).toMatchObject({ status: "pending", attempts: 0, lastError: null });
    expect(row!.attemptLog).toHaveLength(0);
    expect(row!.nextAttemptAt.getTime()).toBeLessThan(claimed.lease.getTime());
  });

  it("the migration rewrites errors stored with a response body to the status alone", async () => {
    const hook = await makeWebhook({ url: "https://hooks.example.com/old", events: ["*"] });
    const eventId = await emit("version.staged", { version: "v0" });
    const body = `HTTP 500: {"AccessKeyId":"${uniqueModelKey("ASIA")}"}`;
    const old = await testDb().webhookDelivery.create({
      data: {
        webhookId: hook.id,
        eventId,
        status: "dead",
        attempts: 3,
        lastStatus: 500,
        lastError: body,
        attemptLog: {
          create: [
            { statusCode: 500, durationMs: 3, error: body },
            {
              statusCode: 302,
              durationMs: 3,
              error: "redirected (302) to http://169.254.169.254/latest; deliveries do not follow redirects, so set the final URL",
            },
            { statusCode: null, durationMs: 3, error: "no response within 10 s" },
            { statusCode: null, durationMs: 3, error: "connection refused (ECONNREFUSED)" },
            { statusCode: null, durationMs: 3, error: "Client network socket disconnected before secure TLS connection was established" },
          ],
        },
      },
      select: { id: true },
    });
    const sql = readFileSync(
      new URL("../../prisma/migrations/20261204140000_webhook_errors_without_response_bodies/migration.sql", import.meta.url),
      "utf8",
    );
    for (const statement of sql.split(/;\s*$/m).filter((s) => s.replace(/--.*$/gm, "").trim())) await testDb().$executeRawUnsafe(statement);
    const row = await testDb().webhookDelivery.findUniqueOrThrow({
      where: { id: old.id },
      include: { attemptLog: { orderBy: { id: "asc" } } },
    });
    expect(row.lastError).toBe("HTTP 500");
    expect(row.attemptLog.map((a) => a.error).sort()).toEqual(
      [
        "HTTP 500",
        "redirected (HTTP 302); redirects are not followed, so set the final URL",
        "no response within 10 s",
        "connection refused (ECONNREFUSED)",
        "delivery failed",
      ].sort(),
    );
  });
});

/** Saves a webhook through the service with the given resolver (and no allowlist). */
async function makeWebhookWith(url: string, resolve: Resolver): Promise<string> {
  const { webhook } = await createWebhook(testDb(), adminActor, { name: `it ${uniqueModelKey("hook")}`, url, events: ["*"] }, { resolve });
  created.push(webhook.id);
  return webhook.id;
}
