// The client library (packages/client/src/index.js) against a tiny fake Rollgate on 127.0.0.1: table, stream,
// local resolve, ETag polling when the stream fails, fail-static when the server is gone, and
// recovery when it returns. No sleeps: every wait is for a condition, bounded in time. (The
// same client against the real data plane and database: tests/integration/routing*.test.ts.)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { bucketOf } from "@rollgate/client/bucket";
import { createRoutingClient, sseParser, type RoutingClient } from "@rollgate/client";
import type { RouteTable } from "@rollgate/client/resolve";

const TOKEN = "rg_test-token";

const tableAt = (epoch: number, over: Partial<RouteTable> = {}): RouteTable => ({
  model: "fraud-scoring",
  epoch,
  stable: { version: "2026-01-15.2" },
  candidate: { version: "2026-02-01.1", percent: 25 },
  mode: "canary",
  pins: { acme: "2026-01-10.1" },
  updatedAt: new Date(0).toISOString(),
  ...over,
});

/** A fake Rollgate: GET …/routes (ETag) and …/routes/stream for one model. */
class FakeRollgate {
  table: RouteTable = tableAt(1);
  streamStatus = 200;
  requests: { path: string; ifNoneMatch?: string; lastEventId?: string }[] = [];
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  private streams = new Set<ServerResponse>();
  port = 0;

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get openStreams() {
    return this.streams.size;
  }

  /** Stops answering: the listening socket and every connection go away at once. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    this.streams.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  publish(table: RouteTable): void {
    this.table = table;
    for (const res of this.streams) res.write(event(table));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? "").split("?")[0] ?? "";
    this.requests.push({
      path,
      ifNoneMatch: req.headers["if-none-match"] as string | undefined,
      lastEventId: req.headers["last-event-id"] as string | undefined,
    });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "unauthorized", message: "The API token is unknown, revoked or expired." } }));
      return;
    }
    if (path === "/api/v1/models/fraud-scoring/routes") {
      const etag = `"${this.table.epoch}"`;
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", etag });
      res.end(JSON.stringify(this.table));
      return;
    }
    if (path === "/api/v1/models/fraud-scoring/routes/stream") {
      if (this.streamStatus !== 200) {
        res.writeHead(this.streamStatus, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "unavailable", message: "no streams here" } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8" });
      res.write(`retry: 1000\n\n${event(this.table)}`);
      this.streams.add(res);
      res.on("close", () => this.streams.delete(res));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "not_found", message: "no such model" } }));
  }
}

const event = (t: RouteTable) => `id: ${t.epoch}\nevent: routes\ndata: ${JSON.stringify(t)}\n\n`;

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** a key on the candidate's side of a 25 % split */
function candidateKey(): string {
  for (let i = 0; ; i++) if (bucketOf("fraud-scoring", `user-${i}`) < 2500) return `user-${i}`;
}

let fake: FakeRollgate;
let client: RoutingClient | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await fake?.stop();
});

const FAST = { minBackoffMs: 20, maxBackoffMs: 100, pollIntervalMs: 100, requestTimeoutMs: 1000 };

describe("routing client", () => {
  it("loads the table, resolves locally, and follows pushed changes", async () => {
    fake = new FakeRollgate();
    await fake.start();
    const changes: [string, number, number | null][] = [];
    client = createRoutingClient({
      url: fake.url,
      token: TOKEN,
      models: ["fraud-scoring"],
      onChange: (m, t, prev) => changes.push([m, t.epoch, prev?.epoch ?? null]),
      ...FAST,
    });
    await client.ready(5000);
    await waitFor("the stream", () => client!.status().models["fraud-scoring"]?.mode === "stream");
    const key = candidateKey();
    expect(client.resolve("fraud-scoring", { tenant: "globex", key })).toEqual({ version: "2026-02-01.1", reason: "candidate", epoch: 1 });
    expect(client.resolve("fraud-scoring", { tenant: "acme", key })).toEqual({ version: "2026-01-10.1", reason: "pin", epoch: 1 });
    expect(client.staleness("fraud-scoring")).toBe(0);

    const requestsBefore = fake.requests.length;
    for (let i = 0; i < 1000; i++) client.resolve("fraud-scoring", { key: `k${i}` });
    expect(fake.requests.length).toBe(requestsBefore);

    fake.publish(tableAt(2, { candidate: null }));
    await waitFor("epoch 2", () => client!.table("fraud-scoring")?.epoch === 2);
    expect(client.resolve("fraud-scoring", { key })).toEqual({ version: "2026-01-15.2", reason: "stable", epoch: 2 });
    // the same epoch again (the initial GET and the stream's first event) is not a change
    expect(changes).toEqual([
      ["fraud-scoring", 1, null],
      ["fraud-scoring", 2, 1],
    ]);
  });

  it("keeps serving the last table when the server goes away, and picks up changes when it returns", async () => {
    fake = new FakeRollgate();
    await fake.start();
    client = createRoutingClient({ url: fake.url, token: TOKEN, models: ["fraud-scoring"], ...FAST });
    await client.ready(5000);
    await waitFor("the stream", () => fake.openStreams === 1);
    const port = fake.port;
    const key = candidateKey();

    await fake.stop();
    await waitFor("the client to notice", () => client!.staleness("fraud-scoring") > 0);
    const first = client.staleness("fraud-scoring");
    await waitFor("staleness to grow", () => client!.staleness("fraud-scoring") > first + 50);
    expect(client.resolve("fraud-scoring", { key })).toEqual({ version: "2026-02-01.1", reason: "candidate", epoch: 1 });
    await waitFor("offline", () => client!.status().models["fraud-scoring"]?.mode === "offline");
    expect(client.status().models["fraud-scoring"]?.lastError).toMatch(/stream|routes/);

    // back, on the same address, with a rollback made meanwhile
    fake.table = tableAt(2, { candidate: null });
    fake.requests = [];
    await fake.start(port);
    await waitFor("epoch 2 after the restart", () => client!.table("fraud-scoring")?.epoch === 2);
    await waitFor("the stream again", () => client!.staleness("fraud-scoring") === 0);
    expect(client.resolve("fraud-scoring", { key })).toEqual({ version: "2026-01-15.2", reason: "stable", epoch: 2 });
    // it reconnected as an SSE client that says what it holds: epoch 1, or 2 when its poll of
    // /routes after the restart answered before the stream reconnected
    expect(fake.requests.some((r) => r.path.endsWith("/stream") && (r.lastEventId === "1" || r.lastEventId === "2"))).toBe(true);
  });

  it("falls back to ETag polling when the stream is refused", async () => {
    fake = new FakeRollgate();
    fake.streamStatus = 503;
    await fake.start();
    client = createRoutingClient({ url: fake.url, token: TOKEN, models: ["fraud-scoring"], ...FAST });
    await client.ready(5000);
    await waitFor("polling", () => client!.status().models["fraud-scoring"]?.mode === "polling");
    await waitFor("a 304", () => fake.requests.some((r) => r.path.endsWith("/routes") && r.ifNoneMatch === '"1"'));
    expect(client.staleness("fraud-scoring")).toBeLessThan(5000);

    fake.table = tableAt(3, { mode: "shadow", candidate: { version: "2026-02-01.1", percent: 100 } });
    await waitFor("epoch 3 by polling", () => client!.table("fraud-scoring")?.epoch === 3);
    expect(client.resolve("fraud-scoring", { key: "x" })).toEqual({
      version: "2026-01-15.2",
      reason: "shadow",
      shadowVersion: "2026-02-01.1",
      epoch: 3,
    });

    // and goes back to the stream once it is offered again
    fake.streamStatus = 200;
    await waitFor("the stream", () => client!.status().models["fraud-scoring"]?.mode === "stream");
  });

  it("reopens a stream that went silent (half-open connection)", async () => {
    fake = new FakeRollgate();
    await fake.start();
    client = createRoutingClient({ url: fake.url, token: TOKEN, models: ["fraud-scoring"], ...FAST, watchdogMs: 200 });
    await client.ready(5000);
    await waitFor("a second stream request", () => fake.requests.filter((r) => r.path.endsWith("/stream")).length >= 2, 5000);
  });

  it("rejects ready() for a refused token, and resolve() says why there is no table", async () => {
    fake = new FakeRollgate();
    await fake.start();
    client = createRoutingClient({ url: fake.url, token: "rg_wrong", models: ["fraud-scoring"], ...FAST });
    await expect(client.ready(5000)).rejects.toThrow(/401.*revoked/);
    expect(() => client!.resolve("fraud-scoring", { key: "k" })).toThrow(/No routing table/);
    expect(client.staleness("fraud-scoring")).toBe(Infinity);
    expect(() => client!.resolve("other-model", { key: "k" })).toThrow(/not followed/);
  });

  it("validates its options", () => {
    expect(() => createRoutingClient({ url: "ftp://x", token: TOKEN, models: ["m"] })).toThrow(/url/);
    expect(() => createRoutingClient({ url: "http://127.0.0.1:1", token: "", models: ["m"] })).toThrow(/token/);
    expect(() => createRoutingClient({ url: "http://127.0.0.1:1", token: TOKEN, models: [] })).toThrow(/models/);
  });
});

describe("sseParser", () => {
  it("parses events split anywhere, with \\n, \\r\\n or \\r line ends, comments and multi-line data", () => {
    const events: { type: string; data: string; id: string | null }[] = [];
    const feed = sseParser((e) => events.push(e));
    const text = 'retry: 1000\n\n: heartbeat\n\nid: 4\r\nevent: routes\r\ndata: {"a":1}\r\n\r\ndata: line1\rdata:line2\r\r\n';
    for (const ch of text) feed(ch);
    expect(events).toEqual([
      { type: "routes", data: '{"a":1}', id: "4" },
      { type: "message", data: "line1\nline2", id: "4" },
    ]);
  });
});
