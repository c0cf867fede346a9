// The routing data plane against the suite's real database: routes with ETag/304, resolve and
// its reasons, token auth (401/403, revocation within a second), the change stream, a second
// instance kept fresh through NOTIFY, and the client library's fail-static behaviour when the
// server stops and returns. Every wait is for an event or a condition, bounded in time.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { bucketOf } from "@rollgate/client/bucket";
import { createRoutingClient, sseParser } from "@rollgate/client";
import type { RouteTable } from "@rollgate/client/resolve";
import { openDatabase, type Database } from "../../lib/database/open";
import { apiSecurityHeaders } from "../../lib/http/security-headers";
import { startDataPlane, type DataPlane } from "../../lib/routing/data-plane";
import { notifyRoutesChanged } from "../../lib/routing/notify";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser, uniqueModelKey } from "./support/factories";

const quiet = { info: () => {}, warn: () => {} };
const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";
const PINNED = "2026-01-10.1";

type Instance = { dp: DataPlane; server: Server; url: string; port: number };

async function listen(dp: DataPlane, port = 0): Promise<Instance> {
  const server = createServer((req, res) => {
    if (!dp.handle(req, res)) {
      res.writeHead(404);
      res.end("not the data plane");
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const p = (server.address() as AddressInfo).port;
  return { dp, server, url: `http://127.0.0.1:${p}`, port: p };
}

async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A model with a production release (canary at 25 % unless told) and a pin, announced like a real change. */
async function createRelease(over: { mode?: "canary" | "blue_green" | "shadow"; percent?: number; candidate?: string | null } = {}) {
  const key = uniqueModelKey("it-route");
  const epoch = 1;
  await testDb().$transaction(async (tx) => {
    const model = await tx.model.create({ data: { key, name: key } });
    await tx.release.create({
      data: {
        modelId: model.id,
        stableVersion: STABLE,
        candidateVersion: over.candidate === undefined ? CANDIDATE : over.candidate,
        candidatePercent: over.percent ?? 25,
        mode: over.mode ?? "canary",
        state: "ramping",
        epoch,
      },
    });
    await tx.tenantPin.create({ data: { modelId: model.id, tenant: "acme", version: PINNED, createdBy: "test" } });
    await notifyRoutesChanged(tx, { model: key, epoch });
  });
  return key;
}

/** Changes the release in one transaction with its notification, as lib/rollout does. */
async function changeRelease(
  key: string,
  data: { candidatePercent?: number; candidateVersion?: string | null; stableVersion?: string },
): Promise<number> {
  return testDb().$transaction(async (tx) => {
    const release = await tx.release.findFirstOrThrow({ where: { model: { key }, environment: "production" } });
    const updated = await tx.release.update({
      where: { id: release.id, epoch: release.epoch },
      data: { ...data, epoch: { increment: 1 } },
    });
    await notifyRoutesChanged(tx, { model: key, epoch: updated.epoch });
    return updated.epoch;
  });
}

const heldEpoch = (dp: DataPlane, key: string) => dp.snapshot.get(key)?.table.epoch ?? -1;

function keyOnSide(model: string, percent: number, inside: boolean): string {
  for (let i = 0; ; i++) if (bucketOf(model, `user-${i}`) < percent * 100 === inside) return `user-${i}`;
}

/** An SSE reader over fetch: collects `routes` events, and notes when the server ends the stream. */
function openStream(url: string, token: string, headers: Record<string, string> = {}) {
  const ctrl = new AbortController();
  const events: { id: string | null; table: RouteTable }[] = [];
  const raw: string[] = [];
  const state = { ended: false };
  const ready = fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers }, signal: ctrl.signal }).then(async (res) => {
    const feed = sseParser((e) => {
      if (e.type === "routes") events.push({ id: e.id, table: JSON.parse(e.data) as RouteTable });
    });
    void (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            state.ended = true;
            break;
          }
          const text = decoder.decode(value, { stream: true });
          raw.push(text);
          feed(text);
        }
      } catch {
        // aborted
      }
    })();
    return res;
  });
  return { ready, events, raw, ended: () => state.ended, close: () => ctrl.abort() };
}

let main: Instance;
let reader: { secret: string; id: string };
let writerOnly: { secret: string };

beforeAll(async () => {
  main = await listen(await startDataPlane(testDatabase(), { log: quiet }));
  reader = await createApiToken(["routes:read"]);
  writerOnly = await createApiToken(["registry:write"]);
});

afterAll(async () => {
  await closeServer(main.server);
  await main.dp.stop();
});

const get = (path: string, token: string | null = reader.secret, headers: Record<string, string> = {}) =>
  fetch(`${main.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

describe("GET /api/v1/models/{model}/routes", () => {
  it("serves the table with its epoch as ETag, and 304 for If-None-Match", async () => {
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(main.dp, key) === 1);
    const res = await get(`/api/v1/models/${key}/routes`, reader.secret, { "x-request-id": "it-routes-1" });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("x-request-id")).toBe("it-routes-1");
    const body = (await res.json()) as RouteTable;
    expect(body).toMatchObject({
      model: key,
      epoch: 1,
      stable: { version: STABLE },
      candidate: { version: CANDIDATE, percent: 25 },
      mode: "canary",
      pins: { acme: PINNED },
    });
    expect(new Date(body.updatedAt).toString()).not.toBe("Invalid Date");

    const cached = await get(`/api/v1/models/${key}/routes`, reader.secret, { "if-none-match": '"1"' });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("etag")).toBe('"1"');
    expect(cached.headers.get("x-request-id")).toBeTruthy();

    const epoch = await changeRelease(key, { candidatePercent: 50 });
    await waitFor("the change", () => heldEpoch(main.dp, key) === epoch);
    const changed = await get(`/api/v1/models/${key}/routes`, reader.secret, { "if-none-match": '"1"' });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).toBe(`"${epoch}"`);
    expect(((await changed.json()) as RouteTable).candidate).toEqual({ version: CANDIDATE, percent: 50 });
  });

  it("answers 404 in the API's error shape for an unknown model, and leaves other paths to Next", async () => {
    const res = await get(`/api/v1/models/no-such-model-${Date.now()}/routes`);
    expect(res.status).toBe(404);
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await res.json()).toMatchObject({ error: { code: "not_found", message: expect.stringContaining("no-such-model") } });
    const other = await get(`/api/v1/models/x/versions`);
    expect(await other.text()).toBe("not the data plane");
    const post = await fetch(`${main.url}/api/v1/models/x/routes`, { method: "POST" });
    expect(await post.text()).toBe("not the data plane");
  });
});

describe("auth", () => {
  it("401 without a token, with a malformed header or an unknown token; 403 without routes:read", async () => {
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(main.dp, key) === 1);
    for (const path of [`/api/v1/models/${key}/routes`, `/api/v1/models/${key}/resolve?key=k`, `/api/v1/models/${key}/routes/stream`]) {
      const none = await get(path, null);
      expect(none.status).toBe(401);
      expect(none.headers.get("x-request-id")).toBeTruthy();
      expect(await none.json()).toMatchObject({ error: { code: "unauthorized" } });
      const basic = await get(path, null, { authorization: "Basic dXNlcjpwYXNz" });
      expect(basic.status).toBe(401);
      const unknown = await get(path, "rg_" + "x".repeat(43));
      expect(unknown.status).toBe(401);
      const forbidden = await get(path, writerOnly.secret);
      expect(forbidden.status).toBe(403);
      expect(await forbidden.json()).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("routes:read") } });
    }
    // unauthenticated callers do not learn which models exist
    expect((await get(`/api/v1/models/no-such-${Date.now()}/routes`, null)).status).toBe(401);
  });

  it("refuses a revoked or expired token within about a second", async () => {
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(main.dp, key) === 1);
    const token = await createApiToken(["routes:read"]);
    expect((await get(`/api/v1/models/${key}/routes`, token.secret)).status).toBe(200);
    await testDb().apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    const revokedAt = Date.now();
    await waitFor("the revocation to hold", async () => (await get(`/api/v1/models/${key}/routes`, token.secret)).status === 401, 2500);
    // and it stays refused
    expect((await get(`/api/v1/models/${key}/routes`, token.secret)).status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(2500);

    const expiring = await createApiToken(["routes:read"], undefined, { expiresAt: new Date(Date.now() + 60_000) });
    expect((await get(`/api/v1/models/${key}/routes`, expiring.secret)).status).toBe(200);
    await testDb().apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await waitFor("the expiry to hold", async () => (await get(`/api/v1/models/${key}/routes`, expiring.secret)).status === 401, 2500);
  });
});

describe("GET /api/v1/models/{model}/resolve", () => {
  it("answers pin, candidate, stable and shadow with the epoch", async () => {
    const key = await createRelease({ percent: 25 });
    await waitFor("the table", () => heldEpoch(main.dp, key) === 1);
    const resolve = async (q: string) => {
      const res = await get(`/api/v1/models/${key}/resolve?${q}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-request-id")).toBeTruthy();
      return res.json();
    };
    const inside = keyOnSide(key, 25, true);
    const outside = keyOnSide(key, 25, false);
    expect(await resolve(`tenant=acme&key=${inside}`)).toEqual({ version: PINNED, reason: "pin", epoch: 1 });
    expect(await resolve(`tenant=globex&key=${inside}`)).toEqual({ version: CANDIDATE, reason: "candidate", epoch: 1 });
    expect(await resolve(`tenant=globex&key=${outside}`)).toEqual({ version: STABLE, reason: "stable", epoch: 1 });
    // the tenant is the routing key when no key is given
    expect(await resolve(`tenant=${inside}`)).toEqual({ version: CANDIDATE, reason: "candidate", epoch: 1 });

    const shadow = await createRelease({ mode: "shadow", percent: 100 });
    await waitFor("the shadow table", () => heldEpoch(main.dp, shadow) === 1);
    const res = await get(`/api/v1/models/${shadow}/resolve?key=anyone`);
    expect(await res.json()).toEqual({ version: STABLE, reason: "shadow", shadowVersion: CANDIDATE, epoch: 1 });

    const stableOnly = await createRelease({ candidate: null });
    await waitFor("the stable-only table", () => heldEpoch(main.dp, stableOnly) === 1);
    expect(await (await get(`/api/v1/models/${stableOnly}/resolve?key=${inside}`)).json()).toEqual({
      version: STABLE,
      reason: "stable",
      epoch: 1,
    });
  });

  it("a key in the candidate at 5 % stays in it as the release ramps to 25 and 50 %", async () => {
    const key = await createRelease({ percent: 5 });
    await waitFor("the table", () => heldEpoch(main.dp, key) === 1);
    const inside = keyOnSide(key, 5, true);
    const reasonOf = async () => ((await (await get(`/api/v1/models/${key}/resolve?key=${inside}`)).json()) as { reason: string }).reason;
    expect(await reasonOf()).toBe("candidate");
    for (const percent of [25, 50]) {
      const epoch = await changeRelease(key, { candidatePercent: percent });
      await waitFor(`epoch ${epoch}`, () => heldEpoch(main.dp, key) === epoch);
      expect(await reasonOf()).toBe("candidate");
    }
  });

  it("422 naming the field for a bad query", async () => {
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(main.dp, key) === 1);
    const none = await get(`/api/v1/models/${key}/resolve`);
    expect(none.status).toBe(422);
    expect(await none.json()).toMatchObject({
      error: { code: "schema_error", issues: [{ path: "key", message: expect.stringContaining("tenant") }] },
    });
    const long = await get(`/api/v1/models/${key}/resolve?tenant=${"t".repeat(300)}&key=k`);
    expect(long.status).toBe(422);
    expect(await long.json()).toMatchObject({ error: { issues: [{ path: "tenant" }] } });
  });
});

describe("GET /api/v1/models/{model}/routes/stream", () => {
  it("sends the table at once, then every committed change; Last-Event-ID gets the current table", async () => {
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(main.dp, key) === 1);
    const stream = openStream(`${main.url}/api/v1/models/${key}/routes/stream`, reader.secret);
    const res = await stream.ready;
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
      expect(res.headers.get("x-request-id")).toBeTruthy();
      await waitFor("the first event", () => stream.events.length === 1);
      expect(stream.raw.join("")).toMatch(/^retry: \d+\n\nid: 1\nevent: routes\ndata: \{/);
      expect(stream.events[0]).toMatchObject({ id: "1", table: { epoch: 1, candidate: { percent: 25 } } });

      // an uncommitted change is never sent
      await expect(
        testDb().$transaction(async (tx) => {
          await tx.release.updateMany({ where: { model: { key } }, data: { candidatePercent: 99, epoch: { increment: 1 } } });
          await notifyRoutesChanged(tx, { model: key, epoch: 2 });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");

      const epoch = await changeRelease(key, { candidateVersion: null, candidatePercent: 0 });
      await waitFor("the rollback event", () => stream.events.length === 2);
      expect(stream.events[1]).toMatchObject({ id: String(epoch), table: { epoch, candidate: null, stable: { version: STABLE } } });
      expect(stream.events.some((e) => e.table.candidate?.percent === 99)).toBe(false);
    } finally {
      stream.close();
    }

    const again = openStream(`${main.url}/api/v1/models/${key}/routes/stream`, reader.secret, { "last-event-id": "1" });
    await again.ready;
    try {
      await waitFor("the current table", () => again.events.length === 1);
      expect(again.events[0]?.table.epoch).toBe(heldEpoch(main.dp, key));
    } finally {
      again.close();
    }
    await waitFor("the streams to be cleaned up", () => main.dp.status().streams === 0);
  });

  it("sends heartbeats on an idle stream", async () => {
    const dp = await startDataPlane(testDatabase(), { log: quiet, heartbeatMs: 50 });
    const inst = await listen(dp);
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(dp, key) === 1);
    const stream = openStream(`${inst.url}/api/v1/models/${key}/routes/stream`, reader.secret);
    try {
      await stream.ready;
      await waitFor("a heartbeat", () => stream.raw.join("").includes(": heartbeat\n\n"));
    } finally {
      stream.close();
      await closeServer(inst.server);
      await dp.stop();
    }
  });
});

describe("a second instance", () => {
  let second: Database | null = null;
  afterAll(async () => {
    await second?.close();
  });

  it("has its own snapshot and LISTEN connection, and sees a change through NOTIFY", async () => {
    const db = testDatabase();
    // on PostgreSQL a second connection pool and listener, as a second app instance or a relay
    // has; on the PGlite fallback the database lives in this process, so a second listener on it
    if (db.target.kind === "postgres") second = await openDatabase(db.target, { purpose: "second instance" });
    const dp2 = await startDataPlane(second ?? db, { log: quiet });
    const inst2 = await listen(dp2);
    try {
      expect(dp2.snapshot).not.toBe(main.dp.snapshot);
      const key = await createRelease();
      await waitFor("both instances to hold the table", () => heldEpoch(main.dp, key) === 1 && heldEpoch(dp2, key) === 1);
      const stream = openStream(`${inst2.url}/api/v1/models/${key}/routes/stream`, reader.secret);
      await stream.ready;
      try {
        await waitFor("the first event", () => stream.events.length === 1);
        const epoch = await changeRelease(key, { candidatePercent: 75 });
        await waitFor("the change on the second instance", () => stream.events.length === 2);
        expect(stream.events[1]?.table).toMatchObject({ epoch, candidate: { percent: 75 } });
        // each instance hears the NOTIFY on its own connection, in no set order
        await waitFor("the change on the first instance", () => heldEpoch(main.dp, key) === epoch);
        const res = await fetch(`${inst2.url}/api/v1/models/${key}/routes`, { headers: { authorization: `Bearer ${reader.secret}` } });
        expect(res.headers.get("etag")).toBe(`"${epoch}"`);
      } finally {
        stream.close();
      }
      expect(dp2.status()).toMatchObject({ listening: true, feed: db.driver.kind });
    } finally {
      await closeServer(inst2.server);
      await dp2.stop();
    }
  });
});

describe("the LISTEN connection", () => {
  it.skipIf(inject("rollgateTestDb").kind !== "postgres")("reconnects when it is cut, and catches up on what it missed", async () => {
    const db = testDatabase();
    if (db.target.kind !== "postgres") return;
    const own = await openDatabase(db.target, { purpose: "reconnect test" });
    const dp = await startDataPlane(own, { log: quiet });
    try {
      const key = await createRelease();
      await waitFor("the table", () => heldEpoch(dp, key) === 1);
      // every routing listener on this database is cut (those of other test files reconnect too)
      await testDb().$queryRawUnsafe(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'rollgate:routes-listener' AND pid <> pg_backend_pid()`,
      );
      await waitFor("the listener to notice", () => !dp.status().listening);
      // a change committed while nobody listens: its notification is lost
      const epoch = await changeRelease(key, { candidatePercent: 60 });
      await waitFor("the reconnect and the full reload", () => dp.status().listening && heldEpoch(dp, key) === epoch, 10_000);
      expect(dp.snapshot.get(key)?.table.candidate).toEqual({ version: CANDIDATE, percent: 60 });
      // and notifications flow again
      const next = await changeRelease(key, { candidatePercent: 70 });
      await waitFor("the next change", () => heldEpoch(dp, key) === next);
    } finally {
      await dp.stop();
      await own.close();
    }
  });
});

describe("client library against the data plane", () => {
  it("keeps its last table while the server is stopped and picks up changes when it returns", async () => {
    const key = await createRelease({ percent: 25 });
    const dp = await startDataPlane(testDatabase(), { log: quiet });
    let inst = await listen(dp);
    const port = inst.port;
    const seen: number[] = [];
    const client = createRoutingClient({
      url: inst.url,
      token: reader.secret,
      models: [key],
      onChange: (_m, t) => seen.push(t.epoch),
      minBackoffMs: 20,
      maxBackoffMs: 200,
      pollIntervalMs: 200,
    });
    try {
      await client.ready(5000);
      await waitFor("the stream", () => client.status().models[key]?.mode === "stream");
      const inside = keyOnSide(key, 25, true);
      expect(client.resolve(key, { tenant: "globex", key: inside })).toEqual({ version: CANDIDATE, reason: "candidate", epoch: 1 });

      const e2 = await changeRelease(key, { candidatePercent: 50 });
      await waitFor("the pushed change", () => client.table(key)?.epoch === e2);

      // the server goes away: resolve keeps answering from the last table, staleness grows
      await closeServer(inst.server);
      await waitFor("the client to notice", () => client.staleness(key) > 0);
      const s1 = client.staleness(key);
      await waitFor("staleness to grow", () => client.staleness(key) > s1 + 100);
      expect(client.resolve(key, { tenant: "globex", key: inside })).toEqual({ version: CANDIDATE, reason: "candidate", epoch: e2 });
      expect(client.resolve(key, { tenant: "acme", key: inside }).reason).toBe("pin");

      // a rollback while it is away; the data plane follows it, the client cannot see it yet
      const e3 = await changeRelease(key, { candidateVersion: null, candidatePercent: 0 });
      await waitFor("the data plane to follow", () => heldEpoch(dp, key) === e3);
      expect(client.table(key)?.epoch).toBe(e2);

      inst = await listen(dp, port);
      await waitFor("the client to pick up the rollback", () => client.table(key)?.epoch === e3, 5000);
      expect(client.resolve(key, { tenant: "globex", key: inside })).toEqual({ version: STABLE, reason: "stable", epoch: e3 });
      await waitFor("the stream again", () => client.staleness(key) === 0);
      expect(seen).toEqual([1, e2, e3]);
    } finally {
      await client.close();
      await closeServer(inst.server);
      await dp.stop();
    }
  });
});

describe("a stream's token is checked again", () => {
  it("on every change: a revoked token's stream ends without receiving the change", async () => {
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(main.dp, key) === 1);
    const token = await createApiToken(["routes:read"]);
    const stream = openStream(`${main.url}/api/v1/models/${key}/routes/stream`, token.secret);
    try {
      await stream.ready;
      await waitFor("the first event", () => stream.events.length === 1);
      // revoked, and a rollback committed right after: no time for the cache's own refresh
      await testDb().apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
      const epoch = await changeRelease(key, { candidateVersion: null, candidatePercent: 0 });
      await waitFor("the stream to end", () => stream.ended());
      expect(stream.events.map((e) => e.table.epoch)).toEqual([1]);
      expect(stream.raw.join("")).toContain("event: unauthorized");
      expect(heldEpoch(main.dp, key)).toBe(epoch);
      // and a reconnect is refused
      expect((await get(`/api/v1/models/${key}/routes/stream`, token.secret)).status).toBe(401);
    } finally {
      stream.close();
    }
  });

  it("on every heartbeat: a revoked or expired token's idle stream ends within a heartbeat", async () => {
    const dp = await startDataPlane(testDatabase(), { log: quiet, heartbeatMs: 100 });
    const inst = await listen(dp);
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(dp, key) === 1);
    const revoked = await createApiToken(["routes:read"]);
    const expiring = await createApiToken(["routes:read"], undefined, { expiresAt: new Date(Date.now() + 60_000) });
    const kept = await createApiToken(["routes:read"]);
    const streams = [revoked, expiring, kept].map((t) => openStream(`${inst.url}/api/v1/models/${key}/routes/stream`, t.secret));
    try {
      await Promise.all(streams.map((s) => s.ready));
      await waitFor("the first events", () => streams.every((s) => s.events.length === 1));
      await testDb().apiToken.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
      await testDb().apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const changedAt = Date.now();
      await waitFor("both streams to end", () => streams[0]!.ended() && streams[1]!.ended(), 3000);
      // the cache holds a revocation within a second, the next heartbeat acts on it
      expect(Date.now() - changedAt).toBeLessThan(2000);
      expect(streams[2]!.ended()).toBe(false);
      expect(dp.status().streams).toBe(1);
    } finally {
      for (const s of streams) s.close();
      await closeServer(inst.server);
      await dp.stop();
    }
  });

  it("a token whose owner is disabled is refused within a second, and its stream ends", async () => {
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(main.dp, key) === 1);
    const owner = await createUser("operator");
    const token = await createApiToken(["routes:read"], undefined, { createdById: owner.id });
    expect((await get(`/api/v1/models/${key}/routes`, token.secret)).status).toBe(200);
    const stream = openStream(`${main.url}/api/v1/models/${key}/routes/stream`, token.secret);
    try {
      await stream.ready;
      await waitFor("the first event", () => stream.events.length === 1);
      await testDb().user.update({ where: { id: owner.id }, data: { disabledAt: new Date() } });
      const disabledAt = Date.now();
      await waitFor("the refusal", async () => (await get(`/api/v1/models/${key}/routes`, token.secret)).status === 401, 2500);
      expect(Date.now() - disabledAt).toBeLessThan(2500);
      const refused = await get(`/api/v1/models/${key}/resolve?key=k`, token.secret);
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: "unauthorized", message: expect.stringContaining("disabled") } });

      await changeRelease(key, { candidatePercent: 40 });
      await waitFor("the stream to end", () => stream.ended());
      expect(stream.events).toHaveLength(1);
    } finally {
      stream.close();
    }
  });
});

describe("security headers", () => {
  it("every data plane answer carries the headers it is given: tables, refusals and streams", async () => {
    const headers = apiSecurityHeaders({ https: true });
    const dp = await startDataPlane(testDatabase(), { log: quiet, headers });
    const inst = await listen(dp);
    const key = await createRelease();
    await waitFor("the table", () => heldEpoch(dp, key) === 1);
    const stream = openStream(`${inst.url}/api/v1/models/${key}/routes/stream`, reader.secret);
    try {
      const answers = [
        await fetch(`${inst.url}/api/v1/models/${key}/routes`, { headers: { authorization: `Bearer ${reader.secret}` } }),
        await fetch(`${inst.url}/api/v1/models/${key}/resolve?key=k`),
        await stream.ready,
      ];
      expect(answers.map((r) => r.status)).toEqual([200, 401, 200]);
      for (const res of answers) {
        for (const [name, value] of Object.entries(headers)) expect(res.headers.get(name), name).toBe(value);
      }
      expect(answers[0]!.headers.get("x-frame-options")).toBe("DENY");
      expect(answers[0]!.headers.get("strict-transport-security")).toBeTruthy();
    } finally {
      stream.close();
      await closeServer(inst.server);
      await dp.stop();
    }
  });
});
