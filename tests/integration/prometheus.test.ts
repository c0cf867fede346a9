// GET /metrics scraped by a real Prometheus (Debian's package): the per-version serving counters
// that telemetry produced come back out of PromQL as the error rate each version had, and the
// exposition is refused without a token that has metrics:read.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/metrics/route";
import type { Actor } from "../../lib/auth/actor";
import { ingestBatch } from "../../lib/telemetry/ingest";
import { evaluateRelease } from "../../lib/guardrails/evaluate";
import { approveVersion, recordEvaluation } from "../../lib/lifecycle/service";
import { startRollout } from "../../lib/rollout/service";
import { startPrometheus, type Prometheus } from "../support/prometheus";
import { testDatabase, testDb } from "./support/db";
import { createApiToken, createUser, registerModel, uniqueId } from "./support/factories";
import { serveRoutes, type Served } from "./support/serve";

const ci: Actor = { type: "token", id: "prom-ci", label: "prom-ci", scopes: ["registry:write", "telemetry:write"] };
const V1 = "2026-04-01.1";
const V2 = "2026-04-01.2";

let served: Served;
let host: string;
let token: string;
let prometheus: Prometheus;
let exporter: Server;
let oomModel = "";
const oomByVersion = new Map<string, number>();

beforeAll(async () => {
  token = (await createApiToken(["metrics:read"])).secret;
  served = await serveRoutes(() => ({ handler: GET, params: {} }));
  host = new URL(served.origin).host;
  exporter = createServer((_req, res) => {
    // an inference service's own metric, as a team's exporter would publish it
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(
      "# TYPE inference_gpu_oom_total counter\n" +
        [...oomByVersion].map(([v, n]) => `inference_gpu_oom_total{model="${oomModel}",version="${v}"} ${n}`).join("\n") +
        "\n",
    );
  });
  await new Promise<void>((resolve) => exporter.listen(0, "127.0.0.1", resolve));
  prometheus = await startPrometheus([
    { job: "rollgate", host, path: "/metrics", token },
    { job: "inference", host: `127.0.0.1:${(exporter.address() as AddressInfo).port}`, path: "/metrics" },
  ]);
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await served.close();
  await new Promise<void>((resolve) => exporter.close(() => resolve()));
});

async function modelWithTraffic(): Promise<string> {
  const key = await registerModel("it-prom", [V1, V2]);
  const ts = new Date(Date.now() - 60_000).toISOString();
  const events = [
    // V1: 200 requests, 4 errors (2 %); V2: 100 requests, 20 errors (20 %), 15 of them timeouts
    ...Array.from({ length: 200 }, (_, i) => ({
      request_id: uniqueId(`p1-${i}`),
      model: key,
      version: V1,
      tenant: "acme",
      ts,
      latency_ms: 40,
      outcome: i < 4 ? "error" : "ok",
      ...(i < 4 ? { error_class: "model" } : {}),
    })),
    ...Array.from({ length: 100 }, (_, i) => ({
      request_id: uniqueId(`p2-${i}`),
      model: key,
      version: V2,
      tenant: "acme",
      ts,
      latency_ms: 300,
      outcome: i < 20 ? "error" : "ok",
      ...(i < 20 ? { error_class: i < 15 ? "timeout" : "upstream" } : {}),
    })),
  ];
  const result = await ingestBatch(testDatabase(), ci, { events });
  expect(result.accepted).toBe(300);
  return key;
}

describe("Prometheus scraping /metrics", () => {
  it("gives each version's error rate and latency as PromQL computes it", async () => {
    const model = await modelWithTraffic();
    const rates = await prometheus.until(
      `sum by (version) (rollgate_model_errors_total{model="${model}"}) / sum by (version) (rollgate_model_requests_total{model="${model}"})`,
      (r) => (r.length === 2 ? Object.fromEntries(r.map((s) => [s.metric.version, Number(s.value[1])])) : null),
    );
    expect(rates[V1]).toBeCloseTo(0.02, 6);
    expect(rates[V2]).toBeCloseTo(0.2, 6);

    const timeouts = await prometheus.query(`rollgate_model_errors_total{model="${model}",version="${V2}",class="timeout"}`);
    expect(Number(timeouts[0]?.value[1])).toBe(15);
    const p95 = await prometheus.query(
      `histogram_quantile(0.95, sum by (le, version) (rollgate_model_latency_seconds_bucket{model="${model}"}))`,
    );
    const byVersion = Object.fromEntries(p95.map((s) => [s.metric.version, Number(s.value[1])]));
    expect(byVersion[V1]).toBeGreaterThan(0.025);
    expect(byVersion[V1]).toBeLessThanOrEqual(0.05);
    expect(byVersion[V2]).toBeGreaterThan(0.25);
    expect(byVersion[V2]).toBeLessThanOrEqual(0.5);
  });

  it("scrapes the control plane's own figures", async () => {
    const up = await prometheus.until('up{job="rollgate"}', (r) => (r[0]?.value[1] === "1" ? r : null));
    expect(up[0]?.metric.job).toBe("rollgate");
    const info = await prometheus.query("rollgate_build_info");
    expect(info[0]?.metric.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("refuses a scrape without a token with metrics:read", async () => {
    const anonymous = await fetch(`http://${host}/metrics`);
    expect(anonymous.status).toBe(401);
    const other = (await createApiToken(["routes:read"])).secret;
    const wrong = await fetch(`http://${host}/metrics`, { headers: { authorization: `Bearer ${other}` } });
    expect(wrong.status).toBe(403);
    const ok = await fetch(`http://${host}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  });
});

describe("a guardrail check reading the team's Prometheus", () => {
  const approverActor = async (): Promise<Actor> => {
    const u = await createUser("approver");
    return { type: "user", id: u.id, label: u.email, role: u.role };
  };

  const evaluated = (key: string, version: string) =>
    recordEvaluation(testDb(), ci, { modelKey: key, version, dataset: "s3://rollgate-evals/fraud/holdout.parquet", metrics: { f1: 0.93 } });

  /** A canary of V2 over stable V1, both healthy by Rollgate's own telemetry, with one Prometheus check. */
  async function canary(): Promise<string> {
    const key = await registerModel("it-promcheck", [V1, V2]);
    const approver = await approverActor();
    await evaluated(key, V1);
    await approveVersion(testDb(), approver, { modelKey: key, version: V1 });
    await testDb().model.update({
      where: { key },
      data: {
        policy: {
          guardrails: {
            minSample: 50,
            prometheus: [{ name: "gpu_oom", query: 'sum(inference_gpu_oom_total{model="{{model}}",version="{{candidate}}"})', max: 0 }],
          },
        },
      },
    });
    await evaluated(key, V2);
    await startRollout(testDb(), approver, { modelKey: key, version: V2 });
    const ts = Date.now();
    const events = [V1, V2].flatMap((version) =>
      Array.from({ length: 60 }, (_, i) => ({
        request_id: uniqueId(`pc-${version}-${i}`),
        model: key,
        version,
        tenant: "acme",
        ts: Math.min(ts, Math.floor(ts / 60_000) * 60_000 + 59_950),
        latency_ms: 40,
        outcome: "ok",
      })),
    );
    expect((await ingestBatch(testDatabase(), ci, { events })).accepted).toBe(120);
    return key;
  }

  const releaseOf = (key: string) => testDb().release.findFirstOrThrow({ where: { model: { key } } });

  it("rolls the canary back when the query breaches, showing the query and its value", async () => {
    const key = await canary();
    oomModel = key;
    oomByVersion.set(V2, 3);
    await prometheus.until(`sum(inference_gpu_oom_total{model="${key}",version="${V2}"})`, (r) => (r[0]?.value[1] === "3" ? r : null));

    const e = await evaluateRelease(testDb(), (await releaseOf(key)).id, { prometheus: { url: prometheus.url, token: null } });
    expect(e).toMatchObject({ outcome: "rollback", moved: "rolled_back" });
    expect(e?.reason).toMatch(/prometheus gpu_oom 3 > limit 0 \(hard/);
    const check = e?.decision.checks.find((c) => c.name === "prometheus:gpu_oom");
    expect(check).toMatchObject({
      value: 3,
      threshold: 0,
      passed: false,
      query: `sum(inference_gpu_oom_total{model="${key}",version="${V2}"})`,
    });
    expect((await releaseOf(key)).candidateVersion).toBeNull();
  });

  it("waits, and never rolls back, when Prometheus cannot answer", async () => {
    const key = await canary();
    const release = await releaseOf(key);
    const unreachable = await evaluateRelease(testDb(), release.id, {
      prometheus: { url: "http://127.0.0.1:9", token: null, timeoutMs: 2000 },
    });
    expect(unreachable).toMatchObject({ outcome: "waiting", moved: null });
    expect(unreachable?.reason).toMatch(/waiting for Prometheus: gpu_oom: Prometheus at http:\/\/127\.0\.0\.1:9 is unreachable/);
    // no series for this model yet: no data is not a pass
    const empty = await evaluateRelease(testDb(), release.id, { prometheus: { url: prometheus.url, token: null } });
    expect(empty?.reason).toMatch(/no series/);
    expect(await releaseOf(key)).toMatchObject({ candidateVersion: V2, state: "ramping" });
  });
});
