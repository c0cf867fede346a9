// The data plane and a relay while the database is unreachable: through a TCP proxy the test cuts
// and restores, they keep serving the last routing tables (to tokens seen before and to valid
// tokens presented for the first time during the outage), say how stale the tables are
// (`Rollgate-Stale`, the stream's `stale` event, /health), and catch up without a restart once
// the database is back. PostgreSQL only: PGlite lives inside the process and cannot go away.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sseParser } from "@rollgate/client";
import type { RouteTable } from "@rollgate/client/resolve";
import { openDatabase, type Database } from "../../lib/database/open";
import { startDataPlane, type DataPlane } from "../../lib/routing/data-plane";
import { startRelay } from "../../lib/routing/relay";
import { createApiToken } from "./support/factories";
import { pgProxy } from "./support/pg-proxy";
import { createRelease, rollBack, waitFor } from "./support/releases";

const target = inject("rollgateTestDb");
const onPostgres = target.kind === "postgres";
const quiet = { info: () => {}, warn: () => {} };

function openStream(url: string, token: string) {
  const ctrl = new AbortController();
  const tables: RouteTable[] = [];
  const stale: number[] = [];
  const ready = fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: ctrl.signal }).then((res) => {
    const feed = sseParser((e) => {
      if (e.type === "routes") tables.push(JSON.parse(e.data) as RouteTable);
      if (e.type === "stale") stale.push((JSON.parse(e.data) as { staleSeconds: number }).staleSeconds);
    });
    void (async () => {
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          feed(decoder.decode(value, { stream: true }));
        }
      } catch {
        // aborted
      }
    })();
    return res;
  });
  return { ready, tables, stale, close: () => ctrl.abort() };
}

describe.skipIf(!onPostgres)("a database outage", () => {
  let proxy: ReturnType<typeof pgProxy>;
  let proxiedUrl: string;

  beforeAll(async () => {
    if (target.kind !== "postgres") return;
    const u = new URL(target.url);
    proxy = pgProxy(u.hostname, Number(u.port || 5432));
    await proxy.start();
    u.hostname = "127.0.0.1";
    u.port = String(proxy.port);
    proxiedUrl = u.toString();
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it("the data plane keeps serving, also to a valid token it first sees during the outage, reports staleness, and recovers", async () => {
    const key = await createRelease("it-outage");
    const used = await createApiToken(["routes:read"]);
    const firstSeenDuringOutage = await createApiToken(["routes:read"]);
    const revokedBefore = await createApiToken(["routes:read"], undefined, { revokedAt: new Date() });
    let db: Database | null = null;
    let dp: DataPlane | null = null;
    let server: Server | null = null;
    const stream = { current: null as ReturnType<typeof openStream> | null };
    try {
      db = await openDatabase({ kind: "postgres", url: proxiedUrl }, { purpose: "outage test" });
      dp = await startDataPlane(db, { log: quiet, heartbeatMs: 100 });
      const plane = dp;
      server = createServer((req, res) => void plane.handle(req, res));
      await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const get = (path: string, token: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });

      const before = await get(`/api/v1/models/${key}/routes`, used.secret);
      expect(before.status).toBe(200);
      expect(before.headers.get("rollgate-stale")).toBeNull();
      stream.current = openStream(`${url}/api/v1/models/${key}/routes/stream`, used.secret);
      await stream.current.ready;
      await waitFor("the first event", () => stream.current!.tables.length === 1);

      await proxy.stop();
      await waitFor("the data plane to notice", () => plane.status().staleSeconds !== null);

      const during = await get(`/api/v1/models/${key}/routes`, used.secret);
      expect(during.status).toBe(200);
      expect(Number(during.headers.get("rollgate-stale"))).toBeGreaterThanOrEqual(0);
      expect(((await during.json()) as RouteTable).candidate).toEqual({ version: "v2", percent: 10 });

      // never presented before the outage, but valid: known from the warm-up
      const fresh = await get(`/api/v1/models/${key}/resolve?key=anyone`, firstSeenDuringOutage.secret);
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get("rollgate-stale")).not.toBeNull();
      expect(await fresh.json()).toMatchObject({ epoch: 1 });
      // the warm-up loads valid tokens only: a revoked one (like an unknown one) cannot be
      // checked now, and is refused
      expect((await get(`/api/v1/models/${key}/routes`, revokedBefore.secret)).status).toBe(503);
      const unknown = await get(`/api/v1/models/${key}/routes`, `rg_${"u".repeat(43)}`);
      expect(unknown.status).toBe(503);
      expect(unknown.headers.get("retry-after")).toBeTruthy();

      // the open stream stays open and says how stale it is
      await waitFor("a stale heartbeat", () => stream.current!.stale.length > 0);

      // a rollback while the data plane cannot see the database
      const epoch = await rollBack(key);
      await proxy.start();
      await waitFor("the data plane to catch up", () => plane.snapshot.get(key)?.table.epoch === epoch, 20_000);
      await waitFor("staleness to clear", () => plane.status().staleSeconds === null, 20_000);
      await waitFor("the stream to deliver the rollback", () => stream.current!.tables.at(-1)?.epoch === epoch);
      const after = await get(`/api/v1/models/${key}/routes`, firstSeenDuringOutage.secret);
      expect(after.status).toBe(200);
      expect(after.headers.get("rollgate-stale")).toBeNull();
      expect(after.headers.get("etag")).toBe(`"${epoch}"`);
    } finally {
      stream.current?.close();
      await proxy.start();
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        });
      }
      await dp?.stop();
      await db?.close();
    }
  }, 60_000);

  it("a relay keeps serving, reports it on /health, and recovers without a restart", async () => {
    const key = await createRelease("it-outage");
    const token = await createApiToken(["routes:read"]);
    const relay = await startRelay({ databaseUrl: proxiedUrl, port: 0, host: "127.0.0.1", log: quiet });
    const get = (path: string) => fetch(`${relay.url}${path}`, { headers: { authorization: `Bearer ${token.secret}` } });
    try {
      await waitFor("the table", () => relay.dataPlane.snapshot.get(key) !== undefined);
      expect(await (await fetch(`${relay.url}/health`)).json()).toMatchObject({ status: "ok", staleSeconds: null });

      await proxy.stop();
      await waitFor("the relay to notice", () => relay.dataPlane.status().staleSeconds !== null);
      // first presented now: known from the warm-up at start
      const during = await get(`/api/v1/models/${key}/resolve?key=anyone`);
      expect(during.status).toBe(200);
      expect(during.headers.get("rollgate-stale")).not.toBeNull();
      const health = await fetch(`${relay.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "degraded", db: "unreachable", staleSeconds: expect.any(Number) });

      const epoch = await rollBack(key);
      await proxy.start();
      await waitFor(
        "the relay to catch up",
        async () => (await get(`/api/v1/models/${key}/routes`)).headers.get("etag") === `"${epoch}"`,
        20_000,
      );
      await waitFor(
        "staleness to clear",
        async () => (await get(`/api/v1/models/${key}/routes`)).headers.get("rollgate-stale") === null,
        20_000,
      );
      expect(await (await fetch(`${relay.url}/health`)).json()).toMatchObject({ status: "ok", db: "ok", staleSeconds: null });
    } finally {
      await proxy.start();
      await relay.close();
    }
  }, 60_000);
});
