// A minimal inference service on @rollgate/client (Node ≥ 20, no other dependency).
//
//   npm install @rollgate/client
//   ROLLGATE_URL=http://127.0.0.1:3000 ROLLGATE_TOKEN=rg_... MODEL=search-rerank node service.mjs
//   curl -s -XPOST localhost:8080/predict -d '{"tenant": "acme", "user": "u-1", "query": "red shoes"}'
//
// Every request is routed locally from the routing table the client follows (no call to
// Rollgate on the request path, and the last table keeps serving if Rollgate is unreachable),
// served by the version the table names, and reported as telemetry in the background.
// The token needs the scopes routes:read and telemetry:write.
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { createRoutingClient, createTelemetrySender } from "@rollgate/client";

const ROLLGATE_URL = process.env.ROLLGATE_URL;
const ROLLGATE_TOKEN = process.env.ROLLGATE_TOKEN;
const MODEL = process.env.MODEL ?? "search-rerank";
const PORT = Number(process.env.PORT ?? 8080);
if (!ROLLGATE_URL || !ROLLGATE_TOKEN) {
  console.error("Set ROLLGATE_URL and ROLLGATE_TOKEN.");
  process.exit(2);
}

const log = { info: (m) => console.log(m), warn: (m) => console.warn(m), error: (m) => console.error(m) };
const routing = createRoutingClient({ url: ROLLGATE_URL, token: ROLLGATE_TOKEN, models: [MODEL], logger: log });
const telemetry = createTelemetrySender({ url: ROLLGATE_URL, token: ROLLGATE_TOKEN, logger: log });

// stands in for the model artefact of `version`, loaded once per version in a real service
function predict(version, input) {
  const text = String(input.query ?? "");
  return { score: Math.min(1, text.length / 100), version };
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      try {
        resolve(body === "" ? {} : JSON.parse(body));
      } catch {
        reject(new Error("the body is not JSON"));
      }
    });
  });
}

function answer(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/healthz") {
    const model = routing.status().models[MODEL];
    return answer(res, 200, { model: MODEL, routing: model?.mode, epoch: model?.epoch, telemetry: telemetry.stats() });
  }
  if (req.method !== "POST" || req.url !== "/predict") return answer(res, 404, { error: "POST /predict" });
  const started = performance.now();
  const requestId = req.headers["x-request-id"] || randomUUID();
  let input;
  try {
    input = await readJson(req);
  } catch (e) {
    return answer(res, 400, { error: e.message });
  }
  const tenant = String(input.tenant ?? "default");
  const decision = routing.resolve(MODEL, { tenant, key: input.user ?? tenant });
  let outcome = "ok";
  let result = null;
  try {
    result = predict(decision.version, input);
  } catch {
    outcome = "error";
  }
  telemetry.send({
    request_id: requestId,
    model: MODEL,
    version: decision.version,
    tenant,
    ts: Date.now(),
    latency_ms: performance.now() - started,
    outcome,
    ...(outcome === "ok" ? { score: result.score } : { error_class: "model" }),
  });
  if (outcome === "error") return answer(res, 500, { request_id: requestId, error: "the model failed" });
  answer(res, 200, { request_id: requestId, version: decision.version, reason: decision.reason, score: result.score });
});

// serve only once the routing table is here: until then there is no version to route to
await routing.ready();
server.listen(PORT, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${server.address().port} (model ${MODEL})`));

// on shutdown, stop taking requests, then deliver the telemetry still queued
async function shutdown(signal) {
  console.log(`${signal}: draining`);
  server.close();
  const stats = await telemetry.close({ timeoutMs: 5000 });
  await routing.close();
  console.log(`telemetry: ${stats.sent} sent, ${stats.dropped} dropped`);
  process.exit(0);
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
