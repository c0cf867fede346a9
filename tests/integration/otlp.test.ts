// OpenTelemetry in: the real OpenTelemetry JS SDK and its OTLP/HTTP exporters (JSON, protobuf,
// protobuf with gzip) send server spans to the OTLP route over real HTTP; the spans carrying
// Rollgate's attributes become prediction events through the telemetry ingest and show on the
// charts' query; other spans are ignored and counted; a retried export records nothing twice.
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/otlp/v1/traces/route";
import { getPrediction, metricsSeries } from "../../lib/telemetry/queries";
import { testDatabase } from "./support/db";
import { createApiToken, registerModel, uniqueId } from "./support/factories";
import { serveRoutes, type Served } from "./support/serve";

const V1 = "2026-05-01.1";
let served: Served;
let base: string;
let token: string;
const answers: { status: number; headers: Record<string, string> }[] = [];
const received: { type: string; encoding: string }[] = [];

beforeAll(async () => {
  token = (await createApiToken(["telemetry:write"])).secret;
  // the route, with what the exporters sent and what they got back recorded
  const recorded = async (req: Request, ctx: { params: Promise<Record<string, never>> }) => {
    received.push({ type: String(req.headers.get("content-type")), encoding: req.headers.get("content-encoding") ?? "" });
    const response = await POST(req, ctx);
    answers.push({ status: response.status, headers: Object.fromEntries(response.headers) });
    return response;
  };
  served = await serveRoutes(() => ({ handler: recorded, params: {} }));
  base = `${served.origin}/api/v1/otlp`;
});

afterAll(() => served.close());

const newModel = () => registerModel("it-otlp", [V1]);

type Kind = "json" | "protobuf" | "protobuf+gzip";

function provider(kind: Kind, model: string, authToken = token) {
  const options = {
    url: `${base}/v1/traces`,
    headers: { Authorization: `Bearer ${authToken}` },
    ...(kind === "protobuf+gzip" ? { compression: "gzip" as never } : {}),
  };
  const exporter = kind === "json" ? new JsonExporter(options) : new ProtoExporter(options);
  return new TracerProvider({
    // the service serves one model version: set once on the resource
    resource: resourceFromAttributes({ "service.name": "fraud-scorer", "rollgate.model": model, "rollgate.version": V1 }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
}

/** A server span as an inference service's handler would record it; the clock is moved so the latency is exact. */
function predict(
  p: TracerProvider,
  requestId: string,
  opts: { tenant: string; ms: number; error?: boolean; score?: number; cost?: number },
) {
  const start = Date.now() - 60_000;
  const span = p.getTracer("inference").startSpan("POST /predict", { kind: SpanKind.SERVER, startTime: start });
  span.setAttribute("rollgate.request_id", requestId);
  span.setAttribute("rollgate.tenant", opts.tenant);
  if (opts.score !== undefined) span.setAttribute("rollgate.score", opts.score);
  if (opts.cost !== undefined) span.setAttribute("rollgate.cost", opts.cost);
  span.setAttribute("gen_ai.usage.input_tokens", 120);
  span.setAttribute("gen_ai.usage.output_tokens", 30);
  if (opts.error) {
    span.setAttribute("rollgate.error_class", "timeout");
    span.setStatus({ code: SpanStatusCode.ERROR, message: "upstream timed out" });
  }
  span.end(start + opts.ms);
}

describe.each<Kind>(["json", "protobuf", "protobuf+gzip"])("OTLP/HTTP traces as %s", (kind) => {
  it("records prediction spans as events on the charts and ignores the rest", async () => {
    const model = await newModel();
    const p = provider(kind, model);
    const ids = Array.from({ length: 10 }, (_, i) => uniqueId(`otlp-${i}`));
    ids.forEach((id, i) =>
      predict(p, id, { tenant: i < 5 ? "acme" : "globex", ms: 100 + i * 10, error: i === 0, score: 0.8, cost: 0.002 }),
    );
    // a database call inside the handler: not a prediction
    p.getTracer("db").startSpan("SELECT features", { kind: SpanKind.CLIENT }).end();
    await p.forceFlush();
    await p.shutdown();

    const prediction = await getPrediction(testDatabase(), ids[3] as string);
    expect(prediction).toMatchObject({ model, version: V1, tenant: "acme", outcome: "ok" });
    expect(prediction?.latencyMs).toBeCloseTo(130, 3);
    expect(await getPrediction(testDatabase(), ids[0] as string)).toMatchObject({ outcome: "error", errorClass: "timeout" });

    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    const series = await metricsSeries(testDatabase(), { model, from: new Date(to.getTime() - 3_600_000), to });
    const points = series.versions.find((v) => v.version === V1)?.points.filter((pt) => pt.count !== null) ?? [];
    expect(points.reduce((n, pt) => n + (pt.count ?? 0), 0)).toBe(10);
    expect(points.some((pt) => (pt.error_rate ?? 0) > 0)).toBe(true);

    const sent = received.at(-1);
    expect(sent?.type).toMatch(kind === "json" ? /application\/json/ : /application\/x-protobuf/);
    expect(sent?.encoding).toBe(kind === "protobuf+gzip" ? "gzip" : "");
    expect(answers.every((a) => a.status === 200)).toBe(true);

    const ignored = answers.reduce((n, a) => n + Number(a.headers["x-rollgate-ignored-spans"] ?? 0), 0);
    expect(ignored).toBeGreaterThanOrEqual(1);
  });
});

describe("OTLP/HTTP traces: refusals and retries", () => {
  const sendJson = (body: unknown, opts: { token?: string; type?: string } = {}) =>
    fetch(`${base}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${opts.token ?? token}`, "content-type": opts.type ?? "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  function exportOf(model: string, spans: { id: string; cost?: number }[]) {
    const now = BigInt(Date.now() - 30_000) * 1_000_000n;
    return {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "rollgate.model", value: { stringValue: model } }] },
          scopeSpans: [
            {
              spans: spans.map((s, i) => ({
                traceId: "5b8efff798038103d269b633813fc60c",
                spanId: `eee19b7ec3c1b17${i}`,
                name: "predict",
                kind: 2,
                startTimeUnixNano: String(now),
                endTimeUnixNano: String(now + 42_000_000n),
                attributes: [
                  { key: "rollgate.request_id", value: { stringValue: s.id } },
                  { key: "rollgate.version", value: { stringValue: V1 } },
                  { key: "rollgate.tenant", value: { stringValue: "acme" } },
                  ...(s.cost !== undefined ? [{ key: "rollgate.cost", value: { doubleValue: s.cost } }] : []),
                ],
                status: {},
              })),
            },
          ],
        },
      ],
    };
  }

  it("reports an invalid prediction as a rejected span and records the others; a retry is all duplicates", async () => {
    const model = await newModel();
    const body = exportOf(model, [{ id: uniqueId("ok") }, { id: uniqueId("bad"), cost: -1 }, { id: uniqueId("ok2") }]);
    const res = await sendJson(body);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { partialSuccess?: { rejectedSpans: string; errorMessage: string } };
    expect(answer.partialSuccess?.rejectedSpans).toBe("1");
    expect(answer.partialSuccess?.errorMessage).toMatch(/span eee19b7ec3c1b171: cost: cost must not be negative/);
    expect(res.headers.get("x-rollgate-accepted")).toBe("2");

    const retry = await sendJson(body);
    expect(retry.headers.get("x-rollgate-accepted")).toBe("0");
    expect(retry.headers.get("x-rollgate-duplicates")).toBe("2");
  });

  it("refuses a bad token, another content type and a malformed body, clearly", async () => {
    const model = await newModel();
    expect((await sendJson(exportOf(model, []), { token: "rg_not_a_token" })).status).toBe(401);
    const reader = (await createApiToken(["routes:read"])).secret;
    expect((await sendJson(exportOf(model, []), { token: reader })).status).toBe(403);
    expect((await sendJson("resourceSpans", { type: "text/plain" })).status).toBe(415);
    const garbage = await fetch(`${base}/v1/traces`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/x-protobuf" },
      body: Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    });
    expect(garbage.status).toBe(422);
    expect(((await garbage.json()) as { error: { message: string } }).error.message).toMatch(
      /not a valid OTLP ExportTraceServiceRequest \(protobuf\)/,
    );
  });
});
