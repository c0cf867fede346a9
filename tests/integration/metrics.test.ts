// GET /metrics beyond the serving counters: per-tenant series only when asked for (and how many),
// the ingest queue, the NOTIFY lag of routing changes, and the open endpoint server.ts serves
// when ROLLGATE_METRICS_PUBLIC is set.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { metricsText } from "../../lib/metrics/exposition";
import { publicMetrics } from "../../lib/metrics/node-http";
import { MAX_TENANTS_ALL } from "../../lib/metrics/serving";
import { changeFeedFor } from "../../lib/routing/change-feed";
import { notifyRoutesChanged } from "../../lib/routing/server";
import { ingestBatch } from "../../lib/telemetry/ingest";
import { testDatabase, testDb } from "./support/db";
import { registerModel, uniqueId } from "./support/factories";

const ci: Actor = { type: "token", id: "metrics-ci", label: "metrics-ci", scopes: ["registry:write", "telemetry:write"] };
const V1 = "2026-05-01.1";

/** The value of one series in an exposition, by name and exact label text; undefined when absent. */
function sample(text: string, name: string, labels: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

let key: string;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  key = await registerModel("it-metrics", [V1]);
  tenantA = uniqueId("ta");
  tenantB = uniqueId("tb");
  const ts = new Date(Date.now() - 60_000).toISOString();
  const event = (tenant: string, i: number, error: boolean) => ({
    request_id: uniqueId(`m-${tenant}-${i}`),
    model: key,
    version: V1,
    tenant,
    ts,
    latency_ms: 30,
    outcome: error ? "error" : "ok",
    ...(error ? { error_class: "timeout" } : {}),
  });
  const events = [
    ...Array.from({ length: 6 }, (_, i) => event(tenantA, i, i === 0)),
    ...Array.from({ length: 2 }, (_, i) => event(tenantB, i, false)),
  ];
  expect((await ingestBatch(testDatabase(), ci, { events })).accepted).toBe(8);
});

describe("per-tenant series", () => {
  it("are left out unless asked for: a tenant is a label only when ROLLGATE_METRICS_TENANTS names it", async () => {
    const none = await metricsText(testDb(), { kind: "none" });
    expect(sample(none, "rollgate_model_requests_total", `model="${key}",version="${V1}"`)).toBe(8);
    expect(none).not.toContain("rollgate_model_tenant_");
    expect(none).not.toContain(tenantA);

    const listed = await metricsText(testDb(), { kind: "list", tenants: [tenantA, "nobody-sends-this"] });
    const a = `model="${key}",version="${V1}",tenant="${tenantA}"`;
    expect(sample(listed, "rollgate_model_tenant_requests_total", a)).toBe(6);
    expect(sample(listed, "rollgate_model_tenant_errors_total", `${a},class="timeout"`)).toBe(1);
    expect(sample(listed, "rollgate_model_tenant_latency_seconds_count", a)).toBe(6);
    expect(sample(listed, "rollgate_model_tenant_latency_seconds_bucket", `${a},le="0.05"`)).toBe(6);
    expect(listed).not.toContain(tenantB);
    expect(listed).toMatch(/^rollgate_metrics_tenants_omitted 0$/m);
  });

  it("with `all` cover the busiest tenants up to the cap and count the ones left out", async () => {
    const text = await metricsText(testDb(), { kind: "all" });
    const tenants = new Set([...text.matchAll(/^rollgate_model_tenant_requests_total\{[^}]*tenant="([^"]*)"\}/gm)].map((m) => m[1]));
    const stored = await testDb().$queryRaw<{ n: bigint }[]>`
      SELECT COUNT(DISTINCT "tenant")::bigint AS n FROM "MetricRollup" WHERE "grain" = 'day' AND "tenant" <> '*'`;
    const omitted = Number(/^rollgate_metrics_tenants_omitted (\d+)$/m.exec(text)?.[1]);
    expect(tenants.size).toBeLessThanOrEqual(MAX_TENANTS_ALL);
    expect(tenants.size + omitted).toBe(Number(stored[0]!.n));
    if (omitted === 0) expect([...tenants]).toEqual(expect.arrayContaining([tenantA, tenantB]));
  });
});

describe("control-plane gauges", () => {
  it("shows the telemetry ingest queue once telemetry was written", async () => {
    const text = await metricsText(testDb(), { kind: "none" });
    expect(text).toMatch(/^# TYPE rollgate_telemetry_queue_events gauge$/m);
    expect(text).toMatch(/^rollgate_telemetry_queue_events \d+$/m);
    expect(text).toMatch(/^rollgate_telemetry_writes_running \d+$/m);
  });

  it("times a routing change from its NOTIFY to the change feed that receives it", async () => {
    const feed = changeFeedFor(testDatabase(), { info() {}, warn() {} });
    const countOf = async () =>
      Number(/^rollgate_routes_notify_lag_seconds_count (\d+)$/m.exec(await metricsText(testDb(), { kind: "none" }))?.[1] ?? 0);
    const before = await countOf();
    let arrived!: (at: number | undefined) => void;
    const received = new Promise<number | undefined>((resolve) => (arrived = resolve));
    await feed.start({ onChange: (c) => c?.model === key && arrived(c.at), onListening() {} });
    try {
      await testDb().$transaction((tx) => notifyRoutesChanged(tx, { model: key, epoch: 999 }));
      const at = await received;
      // the database's clock at the NOTIFY, within a minute of this process's
      expect(Math.abs((at ?? 0) - Date.now())).toBeLessThan(60_000);
      expect(await countOf()).toBeGreaterThan(before);
    } finally {
      await feed.stop();
    }
  });
});

describe("ROLLGATE_METRICS_PUBLIC", () => {
  let open: Server;
  let closed: Server;
  const serve = (enabled: boolean) => {
    const handler = publicMetrics(() => testDb(), { enabled, tenants: { kind: "none" }, log: () => {} });
    return createServer((req, res) => {
      if (handler(req, res)) return;
      res.writeHead(404).end("not the metrics handler");
    });
  };
  const origin = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

  beforeAll(async () => {
    [open, closed] = [serve(true), serve(false)];
    await Promise.all([open, closed].map((s) => new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve))));
  });
  afterAll(async () => {
    await Promise.all([open, closed].map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("answers GET /metrics without a token when set, and leaves every other request (and the unset case) alone", async () => {
    const res = await fetch(`${origin(open)}/metrics?x=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await res.text();
    expect(text).toMatch(/^rollgate_build_info\{/m);
    expect(sample(text, "rollgate_model_requests_total", `model="${key}",version="${V1}"`)).toBe(8);

    expect((await fetch(`${origin(open)}/metrics`, { method: "POST" })).status).toBe(404);
    expect((await fetch(`${origin(open)}/metricsx`)).status).toBe(404);
    expect((await fetch(`${origin(closed)}/metrics`)).status).toBe(404);
  });
});
