// The demo fleet against the product's real HTTP paths on the suite's database: the routing
// data plane (table + change stream) and the route handlers for telemetry, versions and
// metrics, behind one node:http server as server.ts composes them. The fleet holds only an API
// token. Checked: events arrive and are stored once each; every version reported is the one the
// routing table gives (candidate share ≈ its percent, pins honoured); a routing change is
// followed within a second or two; the backfill posts past traffic once, and not again when
// telemetry is already there. Waits poll a condition, bounded in time.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getMetrics } from "../../app/api/v1/models/[model]/metrics/route";
import { GET as getVersion } from "../../app/api/v1/models/[model]/versions/[version]/route";
import { POST as postTelemetry } from "../../app/api/v1/telemetry/route";
import type { TelemetryEvent } from "@rollgate/client/telemetry";
import { systemActor } from "../../lib/auth/actor";
import { startDemoTraffic, type DemoTraffic } from "../../lib/demo/traffic/simulator";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { startDataPlane, type DataPlane } from "../../lib/routing/data-plane";
import { notifyRoutesChanged } from "../../lib/routing/notify";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, uniqueModelKey } from "./support/factories";

const STABLE = "2026-01-15.1";
const CANDIDATE = "2026-02-01.1";
const PINNED_TENANT = "hooli";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: [string, RegExp, Handler][] = [
  ["POST", /^\/api\/v1\/telemetry$/, postTelemetry as Handler],
  ["GET", /^\/api\/v1\/models\/(?<model>[^/]+)\/versions\/(?<version>[^/]+)$/, getVersion as unknown as Handler],
  ["GET", /^\/api\/v1\/models\/(?<model>[^/]+)\/metrics$/, getMetrics as unknown as Handler],
];

async function toResponse(req: IncomingMessage, res: import("node:http").ServerResponse) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  for (const [method, re, handler] of routes) {
    const m = re.exec(url.pathname);
    if (!m || req.method !== method) continue;
    const params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    const request = new Request(url, {
      method,
      headers: req.headers as Record<string, string>,
      body: method === "POST" ? (Readable.toWeb(req) as ReadableStream) : undefined,
      duplex: "half",
    } as RequestInit);
    const out = await handler(request, { params: Promise.resolve(params) });
    res.writeHead(out.status, Object.fromEntries(out.headers));
    res.end(Buffer.from(await out.arrayBuffer()));
    return;
  }
  res.writeHead(404).end();
}

async function waitFor(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let dp: DataPlane;
let server: Server;
let url: string;
let token: string;
const fraud = uniqueModelKey("it-demo-fraud");
const reply = uniqueModelKey("it-demo-reply");

async function register(key: string) {
  for (const version of [STABLE, CANDIDATE]) {
    const m = fraudScoringManifest();
    m.model_id = key;
    m.model_version = version;
    delete m.parent_version;
    const r = await registerVersion(testDb(), systemActor("demo traffic test"), {
      modelKey: key,
      text: JSON.stringify(m),
      contentType: "application/json",
    });
    expect(r.status).toBe(201);
  }
}

/** The release as lib/rollout leaves it, announced on the routing channel in the same transaction. */
async function setRelease(key: string, data: { candidateVersion: string | null; candidatePercent: number; pin?: string }) {
  await testDb().$transaction(async (tx) => {
    const model = await tx.model.findUniqueOrThrow({ where: { key } });
    const existing = await tx.release.findFirst({ where: { modelId: model.id, environment: "production" } });
    const row = existing
      ? await tx.release.update({
          where: { id: existing.id, epoch: existing.epoch },
          data: { candidateVersion: data.candidateVersion, candidatePercent: data.candidatePercent, epoch: { increment: 1 } },
        })
      : await tx.release.create({
          data: {
            modelId: model.id,
            stableVersion: STABLE,
            candidateVersion: data.candidateVersion,
            candidatePercent: data.candidatePercent,
            mode: "canary",
            state: "ramping",
            epoch: 1,
          },
        });
    if (data.pin) await tx.tenantPin.create({ data: { modelId: model.id, tenant: PINNED_TENANT, version: data.pin, createdBy: "test" } });
    await notifyRoutesChanged(tx, { model: key, epoch: row.epoch });
  });
}

/** Every event the fleet posted, as the server received it (the fetch the fleet uses, observed). */
const posted: TelemetryEvent[] = [];
const observingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (String(input).endsWith("/api/v1/telemetry") && res.status === 202 && typeof init?.body === "string") {
    posted.push(...(JSON.parse(init.body) as { events: TelemetryEvent[] }).events);
  }
  return res;
};

const modelIds = async () =>
  (await testDb().model.findMany({ where: { key: { in: [fraud, reply] } }, select: { id: true } })).map((m) => m.id);

beforeAll(async () => {
  await register(fraud);
  await register(reply);
  await setRelease(fraud, { candidateVersion: null, candidatePercent: 0 });
  await setRelease(reply, { candidateVersion: CANDIDATE, candidatePercent: 25, pin: CANDIDATE });
  token = (await createApiToken(["routes:read", "telemetry:write"])).secret;
  dp = await startDataPlane(testDatabase());
  server = createServer((req, res) => {
    if (dp.handle(req, res)) return;
    toResponse(req, res).catch((e: Error) => res.writeHead(500).end(e.message));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
  await dp?.stop();
});

describe("demo traffic through the real API", () => {
  let traffic: DemoTraffic;

  it("backfills the past, then reports live requests as the routing table routes them, each stored once", async () => {
    const started = Date.now();
    traffic = startDemoTraffic({
      url,
      token,
      ratePerSecond: 300,
      tickMs: 50,
      flushIntervalMs: 200,
      seed: 42,
      models: [
        { key: fraud, kind: "fraud" },
        { key: reply, kind: "reply" },
      ],
      backfill: { hours: 0.1, ratePerSecond: 5, recentHours: 0 },
      fetch: observingFetch,
    });
    await traffic.ready;
    const backfilled = await traffic.backfilled;
    expect(backfilled).toBeGreaterThan(1000); // 6 minutes at 5 req/s
    const isPast = (e: TelemetryEvent) => /-b\d+$/.test(e.request_id!);
    const past = posted.filter(isPast);
    expect(past.length).toBe(backfilled);
    const pastTs = past.map((e) => Date.parse(String(e.ts)));
    expect(Math.min(...pastTs)).toBeLessThan(started - 5 * 60_000);
    expect(Math.max(...pastTs)).toBeLessThan(Date.now());

    await waitFor("800 live support-reply events", () => posted.filter((e) => e.model === reply && !isPast(e)).length >= 800);
    const replies = posted.filter((e) => e.model === reply);
    const unpinned = replies.filter((e) => e.tenant !== PINNED_TENANT);
    const share = unpinned.filter((e) => e.version === CANDIDATE).length / unpinned.length;
    expect(share).toBeGreaterThan(0.18);
    expect(share).toBeLessThan(0.32);
    expect(replies.filter((e) => e.tenant === PINNED_TENANT).every((e) => e.version === CANDIDATE)).toBe(true);
    expect(posted.filter((e) => e.model === fraud).every((e) => e.version === STABLE)).toBe(true);

    // fraud-score events carry the features of the manifest the fleet read through the API
    const names = (fraudScoringManifest().features ?? []).map((f) => f.name).sort();
    const withFeatures = posted.filter((e) => e.model === fraud && e.outcome === "ok" && Date.parse(String(e.ts)) >= started);
    expect(withFeatures.length).toBeGreaterThan(100);
    expect(withFeatures.every((e) => JSON.stringify(Object.keys(e.features ?? {}).sort()) === JSON.stringify(names))).toBe(true);

    // any request id leads to its version
    const sampleEvent = replies.at(-1)!;
    await waitFor(
      "the last event's prediction",
      async () => (await testDb().prediction.findFirst({ where: { requestId: sampleEvent.request_id! } })) !== null,
    );
    const row = await testDb().prediction.findFirstOrThrow({ where: { requestId: sampleEvent.request_id! } });
    expect(row.version).toBe(sampleEvent.version);
  });

  it("follows a rollback within two seconds: the candidate's share goes back to stable", async () => {
    await setRelease(reply, { candidateVersion: null, candidatePercent: 0 });
    const changed = Date.now();
    await waitFor(
      "the fleet to route by the new table",
      () => traffic.stats().served > 0 && posted.some((e) => e.model === reply && Date.parse(String(e.ts)) > changed + 3500),
    );
    const after = posted.filter((e) => e.model === reply && e.tenant !== PINNED_TENANT && Date.parse(String(e.ts)) > changed + 2000);
    expect(after.length).toBeGreaterThan(20);
    expect(after.every((e) => e.version === STABLE)).toBe(true);
    // the pin outlives the rollout
    const pinned = posted.filter((e) => e.model === reply && e.tenant === PINNED_TENANT && Date.parse(String(e.ts)) > changed + 2000);
    expect(pinned.every((e) => e.version === CANDIDATE)).toBe(true);
  });

  it("loses nothing and counts nothing twice: stored predictions and the per-minute counts equal what was acknowledged", async () => {
    const stats = await traffic.stop();
    expect(stats.live.dropped).toBe(0);
    expect(stats.live.rejected).toBe(0);
    expect(stats.live.buffered).toBe(0);
    expect(new Set(posted.map((e) => e.request_id)).size).toBe(posted.length);
    const ids = await modelIds();
    expect(await testDb().prediction.count({ where: { modelId: { in: ids } } })).toBe(posted.length);
    const minutes = await testDb().metricMinute.aggregate({ _sum: { count: true }, where: { modelId: { in: ids }, tenant: { not: "*" } } });
    expect(minutes._sum.count).toBe(posted.length);
  });

  it("does not backfill again when the models already have telemetry", async () => {
    const again = startDemoTraffic({
      url,
      token,
      ratePerSecond: 1,
      models: [{ key: fraud, kind: "fraud" }],
      backfill: { hours: 0.1, ratePerSecond: 5, recentHours: 0 },
    });
    try {
      await again.ready;
      expect(await again.backfilled).toBe(0);
    } finally {
      await again.stop();
    }
  });
});
