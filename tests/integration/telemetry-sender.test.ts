// The telemetry sender (packages/client/src/telemetry.js) against a real ingest: an in-process HTTP server
// runs the product's request path (lib/telemetry/http.ts → ingestBatch) on a database reached
// through a TCP proxy the test can cut. While the database is unreachable the server answers 503
// with Retry-After and writes nothing; the sender keeps its batches and delivers all of them
// once the database is back — each event stored once. No sleeps: the test waits on events.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTelemetrySender, type TelemetryEvent } from "@rollgate/client/telemetry";
import { errorResponse, json } from "../../lib/api/respond";
import { systemActor } from "../../lib/auth/actor";
import { openDatabase, type Database } from "../../lib/database/open";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { ingestRequest } from "../../lib/telemetry/http";
import { testDb } from "./support/db";
import { pgProxy } from "./support/pg-proxy";
import { uniqueId, uniqueModelKey } from "./support/factories";

const target = inject("rollgateTestDb");
const onPostgres = target.kind === "postgres";
const VERSION = "2026-01-15.1";

/** The ingest path over node:http, with a hook to lose the next answer after the write committed. */
function ingestServer(database: () => Database) {
  const statuses: number[] = [];
  const waiters: { pred: () => boolean; resolve: () => void }[] = [];
  let loseNextAnswer = false;
  const server: Server = createServer(async (req, res) => {
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: Readable.toWeb(req) as ReadableStream,
      duplex: "half",
    } as RequestInit);
    let response: Response;
    try {
      const out = await ingestRequest(database(), systemActor("sender test"), request);
      response = json(out.body, { status: out.status, requestId: "t" });
    } catch (e) {
      response = errorResponse(e, "t");
    }
    statuses.push(response.status);
    for (const w of [...waiters]) if (w.pred()) w.resolve();
    if (loseNextAnswer && response.status === 202) {
      loseNextAnswer = false;
      res.destroy();
      return;
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  });
  return {
    statuses,
    loseNextAnswer() {
      loseNextAnswer = true;
    },
    /** resolves once `pred` holds after some answer */
    until(pred: () => boolean): Promise<void> {
      if (pred()) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    async listen(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.runIf(onPostgres)("telemetry through an outage", () => {
  let proxy: ReturnType<typeof pgProxy>;
  let proxied: Database;
  let server: ReturnType<typeof ingestServer>;
  let url: string;

  beforeAll(async () => {
    if (target.kind !== "postgres") return;
    const u = new URL(target.url);
    proxy = pgProxy(u.hostname, Number(u.port || 5432));
    await proxy.start();
    u.hostname = "127.0.0.1";
    u.port = String(proxy.port);
    proxied = await openDatabase({ kind: "postgres", url: u.toString() }, { purpose: "telemetry outage test" });
    server = ingestServer(() => proxied);
    url = await server.listen();
  });

  afterAll(async () => {
    await server?.close();
    await proxied?.close();
    await proxy?.stop();
  });

  async function newModel(): Promise<{ key: string; id: string }> {
    const key = uniqueModelKey("it-sender");
    const m = fraudScoringManifest();
    m.model_id = key;
    m.model_version = VERSION;
    delete m.parent_version;
    await registerVersion(testDb(), systemActor("test"), { modelKey: key, text: JSON.stringify(m), contentType: "application/json" });
    return { key, id: (await testDb().model.findUniqueOrThrow({ where: { key } })).id };
  }

  const events = (key: string, n: number): TelemetryEvent[] =>
    Array.from({ length: n }, (_, i) => ({
      request_id: uniqueId(`s${i}`),
      model: key,
      version: VERSION,
      tenant: `tenant-${i % 3}`,
      ts: new Date(Date.now() - 1_000).toISOString(),
      latency_ms: 10 + (i % 50),
      outcome: "ok" as const,
    }));

  async function storedCount(modelId: string) {
    const [predictions, minutes] = await Promise.all([
      testDb().prediction.count({ where: { modelId } }),
      testDb().metricMinute.aggregate({ where: { modelId }, _sum: { count: true } }),
    ]);
    return { predictions, counted: minutes._sum.count ?? 0 };
  }

  it("answers 503 with Retry-After while the database is unreachable, and the sender delivers everything after it returns", async () => {
    const { key, id } = await newModel();
    await proxy.stop();
    try {
      const direct = await fetch(`${url}/api/v1/telemetry`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ events: events(key, 3) }),
      });
      expect(direct.status).toBe(503);
      expect(Number(direct.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await direct.json()) as { error: { code: string } }).error.code).toBe("unavailable");

      const sender = createTelemetrySender({ url, token: "unused", maxBatch: 50, flushIntervalMs: 20, minBackoffMs: 5, maxBackoffMs: 40 });
      const sent = events(key, 230);
      for (const e of sent) expect(sender.send(e)).toBe(true);
      const seen = server.statuses.length;
      await server.until(() => server.statuses.slice(seen).filter((s) => s === 503).length >= 3);
      expect(sender.stats()).toMatchObject({ sent: 0, dropped: 0, buffered: 230 });
      expect(sender.stats().retried).toBeGreaterThanOrEqual(2);
      expect(await storedCount(id)).toEqual({ predictions: 0, counted: 0 });

      await proxy.start();
      await sender.flush();
      expect(sender.stats()).toMatchObject({ sent: 230, accepted: 230, duplicates: 0, dropped: 0, buffered: 0 });
      expect(await storedCount(id)).toEqual({ predictions: 230, counted: 230 });
      await sender.close();
    } finally {
      await proxy.start();
    }
  });

  it("counts what it drops when its buffer is full, and delivers the rest", async () => {
    const { key, id } = await newModel();
    await proxy.stop();
    const drops: { n: number; reason: string }[] = [];
    const sender = createTelemetrySender({
      url,
      token: "unused",
      maxBatch: 10,
      maxBuffer: 25,
      flushIntervalMs: 20,
      minBackoffMs: 5,
      maxBackoffMs: 40,
      onDrop: (evs, reason) => drops.push({ n: evs.length, reason }),
    });
    try {
      const all = events(key, 40);
      const kept = all.filter((e) => sender.send(e)).length;
      expect(kept).toBe(25);
      expect(sender.stats()).toMatchObject({ dropped: 15, buffered: 25 });
      expect(drops.every((d) => d.reason === "buffer_full")).toBe(true);
      const seen = server.statuses.length;
      await server.until(() => server.statuses.slice(seen).includes(503));
    } finally {
      await proxy.start();
    }
    await sender.flush();
    expect(sender.stats()).toMatchObject({ sent: 25, dropped: 15, buffered: 0 });
    expect(await storedCount(id)).toEqual({ predictions: 25, counted: 25 });
    await sender.close();
  });

  it("re-sends a batch whose answer was lost; the server counts it as duplicates, never twice", async () => {
    const { key, id } = await newModel();
    const sender = createTelemetrySender({ url, token: "unused", maxBatch: 100, flushIntervalMs: 20, minBackoffMs: 5, maxBackoffMs: 40 });
    server.loseNextAnswer();
    for (const e of events(key, 60)) sender.send(e);
    await sender.flush();
    expect(sender.stats()).toMatchObject({ sent: 60, accepted: 0, duplicates: 60, dropped: 0 });
    expect(sender.stats().retried).toBeGreaterThanOrEqual(1);
    expect(await storedCount(id)).toEqual({ predictions: 60, counted: 60 });
    await sender.close();
  });
});

describe("the sender's protocol (stub fetch)", () => {
  type Call = { events: { request_id: string }[] };
  function stub(answer: (call: Call, n: number) => Response | Error) {
    const calls: Call[] = [];
    const fetchImpl = (async (_url: string, init: RequestInit) => {
      const call = JSON.parse(String(init.body)) as Call;
      calls.push(call);
      const a = answer(call, calls.length);
      if (a instanceof Error) throw a;
      return a;
    }) as unknown as typeof fetch;
    return { calls, fetchImpl };
  }
  const accepted = (call: Call) =>
    new Response(JSON.stringify({ accepted: call.events.length, duplicates: 0, rejected: [] }), { status: 202 });
  const ev = (i: number) => ({ model: "m", version: "v", tenant: "t", ts: 0, latency_ms: 1, outcome: "ok" as const, request_id: `r${i}` });

  it("splits a batch the server finds too large, drops a batch it refuses, and fills in missing request ids", async () => {
    const { calls, fetchImpl } = stub((call) => (call.events.length > 2 ? new Response("{}", { status: 413 }) : accepted(call)));
    const s = createTelemetrySender({ url: "http://rollgate.test", token: "t", fetch: fetchImpl, maxBatch: 5 });
    for (let i = 0; i < 5; i++) s.send(ev(i));
    await s.flush();
    expect(s.stats()).toMatchObject({ sent: 5, dropped: 0 });
    expect(calls.map((c) => c.events.length)).toEqual([5, 3, 2, 1, 2]);

    const refused = stub(() => new Response(JSON.stringify({ error: { code: "unauthorized", message: "no" } }), { status: 401 }));
    const dropped: string[] = [];
    const s2 = createTelemetrySender({
      url: "http://rollgate.test",
      token: "t",
      fetch: refused.fetchImpl,
      onDrop: (_e, r) => dropped.push(r),
    });
    const noId = { ...ev(0) } as Partial<ReturnType<typeof ev>>;
    delete noId.request_id;
    s2.send(noId as TelemetryEvent);
    await s2.flush();
    expect(s2.stats()).toMatchObject({ sent: 0, dropped: 1, retried: 0 });
    expect(dropped).toEqual(["http_401"]);
    expect(refused.calls[0]!.events[0]!.request_id).toMatch(/^[0-9a-f-]{36}$/);
    await Promise.all([s.close(), s2.close()]);
  });

  it("drops and reports an event it cannot serialise (a BigInt, a cycle) and sends the rest of its batch, without retrying", async () => {
    const { calls, fetchImpl } = stub((call) => accepted(call));
    const dropped: { reason: string; ids: string[] }[] = [];
    const s = createTelemetrySender({
      url: "http://rollgate.test",
      token: "t",
      fetch: fetchImpl,
      maxBatch: 1000,
      minBackoffMs: 1,
      maxBackoffMs: 1,
      onDrop: (events, reason) => dropped.push({ reason, ids: events.map((e) => String(e.request_id)) }),
    });
    const cyclic: Record<string, unknown> = { label: "loop" };
    cyclic.self = cyclic;
    for (let i = 0; i < 201; i++) {
      if (i === 50) s.send({ ...ev(i), prediction: { amount: 10n } } as unknown as TelemetryEvent);
      else if (i === 150) s.send({ ...ev(i), prediction: cyclic });
      else s.send(ev(i));
    }
    // before the fix the sender retried the whole batch as a network error until close gave up
    const stats = await s.close({ timeoutMs: 5_000 });
    expect(stats).toMatchObject({ sent: 199, accepted: 199, dropped: 2, unserializable: 2, retried: 0, buffered: 0 });
    expect(dropped).toEqual([{ reason: "unserializable", ids: ["r50", "r150"] }]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.events.map((e) => e.request_id)).not.toContain("r50");
    expect(calls[0]!.events).toHaveLength(199);
  });

  it("retries network errors, timeouts and 429/503 with backoff that honours Retry-After up to its cap", async () => {
    const waits: number[] = [];
    let last = performance.now();
    const { calls, fetchImpl } = stub((call, n) => {
      const now = performance.now();
      if (n > 1) waits.push(now - last);
      last = now;
      if (n === 1) return new TypeError("fetch failed");
      if (n === 2) return new Response("{}", { status: 429, headers: { "retry-after": "0.05" } });
      if (n === 3) return new Response("{}", { status: 503, headers: { "retry-after": "3600" } });
      return accepted(call);
    });
    const s = createTelemetrySender({
      url: "http://rollgate.test",
      token: "t",
      fetch: fetchImpl,
      minBackoffMs: 1,
      maxBackoffMs: 120,
      random: () => 0,
    });
    s.send(ev(1));
    await s.flush();
    expect(calls).toHaveLength(4);
    expect(s.stats()).toMatchObject({ sent: 1, retried: 3, dropped: 0 });
    expect(waits[1]).toBeGreaterThanOrEqual(45); // Retry-After 0.05 s
    expect(waits[2]).toBeGreaterThanOrEqual(110); // Retry-After 1 h, capped at maxBackoffMs
    expect(waits[2]).toBeLessThan(2_000);
    await s.close();
  });

  it("gives up on what is left when closed with a deadline, and counts it", async () => {
    const { fetchImpl } = stub(() => new Response("{}", { status: 503 }));
    const s = createTelemetrySender({ url: "http://rollgate.test", token: "t", fetch: fetchImpl, minBackoffMs: 5, maxBackoffMs: 10 });
    for (let i = 0; i < 7; i++) s.send(ev(i));
    const stats = await s.close({ timeoutMs: 50 });
    expect(stats).toMatchObject({ sent: 0, dropped: 7, buffered: 0 });
    expect(s.send(ev(8))).toBe(false);
  });
});
