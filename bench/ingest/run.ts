// bench/ingest – telemetry ingest throughput on the product's path, against PostgreSQL's COPY.
//
//   npm run bench:ingest -- [--events 1000000] [--batch 5000] [--connections 4] [--features on|off] [--sample-rate 1] [--pg-url postgresql://postgres@127.0.0.1:5432/postgres] [--keep]
//
// 1. Creates a database of its own on the local PostgreSQL, migrates it, registers a model with
//    a stable and a candidate version (a release at 10 %) and an API token (telemetry:write).
// 2. Serves POST /api/v1/telemetry from this process with node:http, on 127.0.0.1, running what
//    the route handler runs: bearer-token authentication against the ApiToken table, then
//    lib/telemetry/http.ts (5 MB body limit, JSON, ingestBatch: validation, registry checks, the
//    in-memory fold, the writer's one transaction per write: COPY of the predictions and the
//    additive upserts). Next.js' own per-request overhead (≈ 0.6 ms) is not
//    included; it is amortised over 1,000–5,000 events per request.
// 3. A separate process (load.mjs) builds every request body first, then sends them over a few
//    keep-alive connections and reports the wall time and each batch's acknowledgement time.
// 4. Checks sent == stored: prediction rows, the sums of MetricMinute and MetricRollup, and
//    (with features, the default) the sum of each feature's FeatureHistogram counts.
// 5. Times PostgreSQL's own COPY FROM STDIN of the same rows into an empty copy of the
//    Prediction table (same columns and indexes), and prints the ratio.
import { fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { errorResponse, json, newRequestId } from "../../lib/api/respond";
import { systemActor } from "../../lib/auth/actor";
import { authenticateToken, bearerFrom, generateTokenSecret } from "../../lib/auth/tokens";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "../../lib/errors";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { batchWriter } from "../../lib/telemetry/batch-writer";
import { ingestRequest } from "../../lib/telemetry/http";
import { keepsRequest } from "../../lib/telemetry/sampling";
import { copyFrom, copyValue } from "../../lib/database/pg-copy";
import { createBenchDatabase, DEFAULT_ADMIN_URL, pct } from "../support/database";
import { postgresCpu, postgresCpuSeconds } from "../support/pg-cpu";
import { benchEvent } from "./events.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    batch: { type: "string", default: "5000" },
    connections: { type: "string", default: "4" },
    "pg-url": { type: "string", default: DEFAULT_ADMIN_URL },
    keep: { type: "boolean", default: false },
    features: { type: "string", default: "on" },
    // the model's policy predictions.sampleRate: the share of requests whose prediction row is stored
    "sample-rate": { type: "string", default: "1" },
  },
});
const total = Number(args.events);
const batch = Number(args.batch);
const connections = Number(args.connections);
if (args.features !== "on" && args.features !== "off") throw new Error("--features must be on or off");
const withFeatures = args.features === "on";
const sampleRate = Number(args["sample-rate"]);
if (!(sampleRate >= 0 && sampleRate <= 1)) throw new Error("--sample-rate must be a number from 0 to 1");
if (!(total > 0) || !(batch >= 1 && batch <= 5000) || !(connections >= 1 && connections <= 32)) {
  throw new Error("--events must be > 0, --batch 1..5000, --connections 1..32");
}

const MODEL = "bench-ingest";
const STABLE = "2026-01-15.1";
const CANDIDATE = "2026-01-16.1";
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

const bench = await createBenchDatabase("rollgate_bench_ingest", args["pg-url"]);
const { database } = bench;
const pool = database.driver.kind === "pg" ? database.driver.pool : null;
if (!pool) throw new Error("bench/ingest needs PostgreSQL");
let server: ReturnType<typeof createServer> | undefined;

try {
  // --- setup: model, versions, release, token
  for (const version of [STABLE, CANDIDATE]) {
    const m = fraudScoringManifest();
    m.model_id = MODEL;
    m.model_version = version;
    delete m.parent_version;
    await registerVersion(database.prisma, systemActor("bench"), {
      modelKey: MODEL,
      text: JSON.stringify(m),
      contentType: "application/json",
    });
  }
  const model = await database.prisma.model.update({ where: { key: MODEL }, data: { policy: { predictions: { sampleRate } } } });
  await database.prisma.release.create({
    data: { modelId: model.id, stableVersion: STABLE, candidateVersion: CANDIDATE, candidatePercent: 10, state: "ramping" },
  });
  const token = generateTokenSecret();
  await database.prisma.apiToken.create({
    data: { name: "bench", prefix: token.prefix, tokenHash: token.hash, scopes: ["telemetry:write"] },
  });

  // --- the ingest server: what app/api/v1/telemetry/route.ts runs, on node:http
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const requestId = newRequestId((req.headers["x-request-id"] as string | undefined) ?? null);
    let response: Response;
    try {
      if (req.method !== "POST" || req.url !== "/api/v1/telemetry") throw new NotFoundError();
      const bearer = bearerFrom(req.headers.authorization ?? null);
      const actor = bearer ? await authenticateToken(database.prisma, bearer) : null;
      if (!actor) throw new UnauthorizedError();
      if (!actor.scopes.includes("telemetry:write")) throw new ForbiddenError("This token lacks the scope telemetry:write.");
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Readable.toWeb(req) as ReadableStream,
        duplex: "half",
      } as RequestInit);
      const out = await ingestRequest(database, actor, request);
      response = json(out.body, { status: out.status, requestId });
    } catch (e) {
      response = errorResponse(e, requestId);
    }
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };
  server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // --- load from a separate process
  const spanMs = 10 * 60_000;
  const prefix = `b${Date.now().toString(36)}`;
  const run = {
    url,
    token: token.secret,
    total,
    batch,
    connections,
    model: MODEL,
    stable: STABLE,
    candidate: CANDIDATE,
    prefix,
    startMs: Date.now() - spanMs - 60_000,
    spanMs,
    features: withFeatures,
  };
  console.log(
    `bench/ingest: ${fmt(total)} events in batches of ${fmt(batch)} over ${connections} connections, drift features ${withFeatures ? "on" : "off"}` +
      `${sampleRate < 1 ? `, prediction rows kept for ${sampleRate * 100} % of requests` : ""} (${bench.name}, PostgreSQL on 127.0.0.1)`,
  );
  const cpuBefore = process.cpuUsage();
  const pgCpuBefore = postgresCpu();
  const result = await new Promise<{
    elapsedMs: number;
    ackMs: number[];
    batches: number;
    accepted: number;
    duplicates: number;
    rejected: number;
    retries: number;
    failed: number;
  }>((resolve, reject) => {
    const child = fork(path.join(here, "load.mjs"), [JSON.stringify(run)], {
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let got: unknown;
    child.on("message", (m) => (got = m));
    child.on("error", reject);
    child.on("exit", (code) => (got ? resolve(got as never) : reject(new Error(`load process exited with ${code}`))));
  });
  const cpu = process.cpuUsage(cpuBefore);
  const writes = batchWriter(database).stats();
  const pgCpuAfter = postgresCpu();
  const ack = [...result.ackMs].sort((a, b) => a - b);
  const eventsPerSec = total / (result.elapsedMs / 1000);

  // --- zero loss: everything sent is stored (its row if sampled in), once, and counted once
  let kept = 0;
  for (let i = 0; i < total; i++) if (keepsRequest(`${prefix}-${i}`, sampleRate)) kept++;
  const [{ predictions }] = (await pool.query(`SELECT count(*)::int AS predictions FROM "Prediction" WHERE "modelId" = $1`, [model.id]))
    .rows as [{ predictions: number }];
  const sums = (
    await pool.query(
      `SELECT (SELECT COALESCE(sum("count"), 0)::int FROM "MetricMinute" WHERE "modelId" = $1) AS minute,
              (SELECT COALESCE(sum("count"), 0)::int FROM "MetricRollup" WHERE "modelId" = $1 AND "grain" = 'minute' AND "tenant" = '*') AS "minuteAll",
              (SELECT COALESCE(sum("count"), 0)::int FROM "MetricRollup" WHERE "modelId" = $1 AND "grain" = 'day' AND "tenant" <> '*') AS "dayTenants",
              (SELECT count(*)::int FROM "MetricMinute" WHERE "modelId" = $1) AS "minuteRows"`,
      [model.id],
    )
  ).rows[0] as { minute: number; minuteAll: number; dayTenants: number; minuteRows: number };
  const histograms = (
    await pool.query(
      `SELECT "feature", sum(c)::int AS n FROM "FeatureHistogram", unnest("counts") AS c WHERE "modelId" = $1 GROUP BY "feature" ORDER BY "feature"`,
      [model.id],
    )
  ).rows as { feature: string; n: number }[];
  const histogramsOk = withFeatures ? histograms.length === 2 && histograms.every((r) => r.n === total) : histograms.length === 0;
  const lossless =
    result.accepted === total &&
    result.failed === 0 &&
    result.rejected === 0 &&
    predictions === kept &&
    sums.minute === total &&
    sums.minuteAll === total &&
    sums.dayTenants === total &&
    histogramsOk;

  // --- PostgreSQL's own COPY of the same rows into an empty table with the same indexes
  await pool.query(`CREATE TABLE "PredictionCopy" (LIKE "Prediction" INCLUDING ALL)`);
  const COLS = `"requestId", "modelId", "version", "tenant", "ts", "latencyMs", "outcome", "errorClass", "score", "cost", "label", "prediction", "route", "receivedAt"`;
  const receivedAt = new Date().toISOString();
  const CHUNK = 50_000;
  let copyMs = 0;
  let copyPgCpuS = 0;
  let copied = 0;
  const client = await pool.connect();
  try {
    for (let start = 0; start < total; start += CHUNK) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(total, start + CHUNK); i++) {
        const e = benchEvent(i, run);
        lines.push(
          [
            e.request_id,
            model.id,
            e.version,
            e.tenant,
            e.ts,
            e.latency_ms,
            e.outcome,
            e.error_class ?? null,
            e.score,
            e.cost ?? null,
            null,
            e.prediction,
            e.version === CANDIDATE ? "candidate" : "stable",
            receivedAt,
          ]
            .map(copyValue)
            .join("\t"),
        );
      }
      const data = Buffer.from(lines.join("\n") + "\n");
      const t0 = performance.now();
      const pg0 = postgresCpu();
      copied += await copyFrom(client, `COPY "PredictionCopy" (${COLS}) FROM STDIN`, data);
      copyMs += performance.now() - t0;
      copyPgCpuS += postgresCpuSeconds(pg0, postgresCpu()) ?? 0;
    }
  } finally {
    client.release();
  }
  const copyPerSec = copied / (copyMs / 1000);

  const out = {
    date: new Date().toISOString(),
    events: total,
    batch,
    connections,
    elapsedS: result.elapsedMs / 1000,
    eventsPerSec,
    ackMs: { p50: pct(ack, 0.5), p95: pct(ack, 0.95), p99: pct(ack, 0.99), max: ack[ack.length - 1] },
    serverCpuS: (cpu.user + cpu.system) / 1e6,
    writes: { transactions: writes.writes, batches: writes.batches },
    postgresCpuS: postgresCpuSeconds(pgCpuBefore, pgCpuAfter),
    copy: { rows: copied, seconds: copyMs / 1000, rowsPerSec: copyPerSec, postgresCpuS: pgCpuBefore !== null ? copyPgCpuS : null },
    ratio: eventsPerSec / copyPerSec,
    features: withFeatures,
    sampleRate,
    stored: { predictions, ...sums, featureHistograms: Object.fromEntries(histograms.map((r) => [r.feature, r.n])) },
    lossless,
    retries: result.retries,
  };
  console.log(`  sustained:        ${fmt(eventsPerSec)} events/s (${out.elapsedS.toFixed(1)} s wall, ${result.batches} requests)`);
  console.log(
    `  batch ack:        p50 ${out.ackMs.p50.toFixed(1)} ms · p95 ${out.ackMs.p95.toFixed(1)} ms · p99 ${out.ackMs.p99.toFixed(1)} ms · max ${out.ackMs.max!.toFixed(1)} ms`,
  );
  console.log(
    `  ingest server:    ${out.serverCpuS.toFixed(1)} s CPU in this process (${((out.serverCpuS / out.elapsedS) * 100).toFixed(0)} % of one core, ${((out.serverCpuS / total) * 1e6).toFixed(1)} µs/event)`,
  );
  console.log(
    `  writes:           ${fmt(writes.batches)} batches in ${fmt(writes.writes)} transactions (${(writes.batches / writes.writes).toFixed(2)} a write)`,
  );
  if (out.postgresCpuS !== null) {
    console.log(
      `  PostgreSQL:       ${out.postgresCpuS.toFixed(1)} s CPU in its processes (${((out.postgresCpuS / total) * 1e6).toFixed(1)} µs/event)`,
    );
  }
  console.log(
    `  COPY (same rows): ${fmt(copyPerSec)} rows/s (${fmt(copied)} rows in ${(copyMs / 1000).toFixed(1)} s, into an empty copy of Prediction` +
      (out.copy.postgresCpuS !== null ? `; PostgreSQL ${((out.copy.postgresCpuS / copied) * 1e6).toFixed(1)} µs/row)` : ")"),
  );
  console.log(`  ratio:            ${(out.ratio * 100).toFixed(1)} % of COPY`);
  console.log(
    `  stored:           ${fmt(predictions)} predictions${sampleRate < 1 ? ` (the ${fmt(kept)} sampled ids)` : ""}; MetricMinute Σcount ${fmt(sums.minute)} in ${fmt(sums.minuteRows)} rows; all-tenant minutes Σ ${fmt(sums.minuteAll)}; per-tenant days Σ ${fmt(sums.dayTenants)}`,
  );
  if (withFeatures) console.log(`  drift histograms: ${histograms.map((r) => `${r.feature} Σ ${fmt(r.n)}`).join("; ")}`);
  console.log(
    `  zero loss:        ${lossless ? "yes — sent == stored, counted once" : "NO"}${result.retries ? ` (${result.retries} retries)` : ""}`,
  );
  const dir = path.join(here, "..", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `ingest-${Date.now()}.json`), JSON.stringify(out, null, 2));
  if (!lossless) process.exitCode = 1;
} finally {
  server?.close();
  server?.closeAllConnections();
  if (args.keep) {
    console.log(`kept database ${bench.name}`);
    await database.close();
  } else {
    await bench.drop();
  }
}
