// npm run bench:guardrails:e2e [-- --rounds 5 --rate 50 --port 4180]
//
// One breach end to end, on a real server: server.ts as `npm start` runs it (Next.js build
// required: `npm run build`), on a database of its own on the local PostgreSQL, with the
// default guardrail policy (500-request minimum, loop timer 10 s). Per round a new model has a
// stable version and a 5 % canary; a routing client (@rollgate/client) follows the model's
// stream. Then telemetry goes over HTTP (POST /api/v1/telemetry, a batch every 100 ms, as a
// service's telemetry sender flushes): stable at 19× the candidate's rate failing 1 %, the
// candidate failing 20 % from its first request — the breach starts with the first batch.
// Printed per round: breach start → rollback committed (the incident's time) → the routing
// table without the candidate at the client, and the candidate requests sent meanwhile. The
// clock is this machine's for all three (one host). Goal (issue): at 50 req/s, a 20× breach
// rolled back in ≤ 3 s median. `--sequential off` runs the fixed-threshold rule instead, for the
// side-by-side. Figures only.
import { existsSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { createRoutingClient } from "@rollgate/client";
import { systemActor } from "../../lib/auth/actor";
import { generateTokenSecret } from "../../lib/auth/tokens";
import type { Db } from "../../lib/database/types";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { startRollout } from "../../lib/rollout/service";
import { ROOT, startChild, table, waitForHttp } from "../routing/support";
import { createBenchDatabase, pct } from "../support/database";

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    rate: { type: "string", default: "50" },
    port: { type: "string", default: "4180" },
    sequential: { type: "string", default: "on" },
  },
});
const ROUNDS = Number(args.rounds);
const RATE = Number(args.rate);
const PORT = Number(args.port);
const SEQUENTIAL = args.sequential !== "off";
const FLUSH_MS = 100;
const TIMEOUT_MS = 120_000;
const STABLE = "2026-11-01.1";
const CANDIDATE = "2026-12-01.1";
const actor = systemActor("bench");

async function canary(db: Db, model: string): Promise<void> {
  // fixture shortcut: the model's policy as an admin would set it (--sequential off: the fixed-threshold rule)
  await db.model.upsert({
    where: { key: model },
    create: { key: model, name: model, policy: { guardrails: { sequential: { enabled: SEQUENTIAL } } } },
    update: {},
  });
  for (const version of [STABLE, CANDIDATE]) {
    const m = fraudScoringManifest();
    m.model_id = model;
    m.model_version = version;
    delete m.parent_version;
    await registerVersion(db, actor, { modelKey: model, text: JSON.stringify(m), contentType: "application/json" });
    // fixture shortcut: a version through its gates, as the evaluation and the reviewer would leave it
    await db.modelVersion.updateMany({ where: { model: { key: model }, version }, data: { stage: "STAGING" } });
    await startRollout(db, actor, { modelKey: model, version });
  }
}

function events(model: string, version: string, n: number, errorRate: number, carry: { errors: number }) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    // errors spread evenly at the rate: the stream's error share is exact at every batch
    carry.errors += errorRate;
    const error = carry.errors >= 1;
    if (error) carry.errors -= 1;
    return {
      request_id: `bench-${randomBytes(8).toString("hex")}`,
      model,
      version,
      tenant: `tenant-${i % 8}`,
      ts: now,
      latency_ms: 40 + (i % 20),
      outcome: error ? "error" : "ok",
      ...(error ? { error_class: "model" } : {}),
    };
  });
}

type Round = { decidedMs: number; receivedMs: number; candidateSent: number; reason: string };

async function round(db: Db, base: string, token: string, model: string): Promise<Round> {
  await canary(db, model);
  const client = createRoutingClient({ url: base, token, models: [model] });
  try {
    const deadline = Date.now() + 30_000;
    while (client.table(model)?.candidate?.version !== CANDIDATE) {
      if (Date.now() > deadline) throw new Error(`the routing client never saw the canary of ${model}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const carry = { stable: { errors: 0 }, candidate: { errors: 0 } };
    const perFlush = (RATE * FLUSH_MS) / 1000;
    let candidateSent = 0;
    let receivedAt: number | null = null;
    const t0 = Date.now();
    let next = t0;
    while (receivedAt === null) {
      if (Date.now() - t0 > TIMEOUT_MS) throw new Error(`no rollback of ${model} within ${TIMEOUT_MS / 1000} s`);
      const batch = [
        ...events(model, STABLE, perFlush * 19, 0.01, carry.stable),
        ...events(model, CANDIDATE, perFlush, 0.2, carry.candidate),
      ];
      candidateSent += perFlush;
      const sent = fetch(`${base}/api/v1/telemetry`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ events: batch }),
      }).then(async (r) => {
        if (r.status !== 202) throw new Error(`telemetry: ${r.status} ${await r.text()}`);
      });
      next += FLUSH_MS;
      // watch the client's table until the next flush is due
      while (Date.now() < next) {
        if (client.table(model)?.candidate == null) {
          receivedAt = Date.now();
          break;
        }
        await new Promise((r) => setTimeout(r, 1));
      }
      await sent;
    }
    const incident = await db.incident.findFirstOrThrow({ where: { release: { model: { key: model } } }, orderBy: { createdAt: "asc" } });
    const decision = await db.guardrailDecision.findFirst({
      where: { release: { model: { key: model } }, outcome: "rollback" },
      orderBy: { createdAt: "desc" },
    });
    return {
      decidedMs: incident.createdAt.getTime() - t0,
      receivedMs: receivedAt - t0,
      candidateSent,
      reason: (decision?.sample as { reason?: string } | null)?.reason ?? incident.reason ?? "",
    };
  } finally {
    await client.close();
  }
}

async function main() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    console.log("bench:guardrails:e2e runs the server as `npm start` does: build it first with `npm run build`.");
    return;
  }
  const bench = await createBenchDatabase("rg_bench_guard_e2e");
  const db = bench.database.prisma;
  const token = generateTokenSecret();
  await db.apiToken.create({
    data: { name: "bench", prefix: token.prefix, tokenHash: token.hash, scopes: ["telemetry:write", "routes:read"] },
  });
  const base = `http://127.0.0.1:${PORT}`;
  const server = await startChild("server", path.join(ROOT, "node_modules/.bin/tsx"), ["server.ts"], {
    env: {
      DATABASE_URL: bench.url,
      HOST: "127.0.0.1",
      PORT: String(PORT),
      NEXTAUTH_URL: base,
      NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
      NODE_ENV: "production",
    },
    readyPattern: /ready on (\S+)/,
    timeoutMs: 120_000,
  });
  try {
    await waitForHttp(`${base}/api/health`, {});
    console.log(
      `guardrails end to end: server.ts on ${base}, PostgreSQL ${bench.name}; candidate ${RATE} req/s failing 20 %, stable ${RATE * 19} req/s failing 1 %`,
    );
    console.log(
      `telemetry over HTTP every ${FLUSH_MS} ms; default policy (minSample 500, timer 10 s)${SEQUENTIAL ? "" : " with sequential.enabled: false"}; ${ROUNDS} rounds\n`,
    );
    const results: Round[] = [];
    for (let i = 1; i <= ROUNDS; i++) results.push(await round(db, base, token.secret, `bench-guard-${i}`));
    console.log(
      table(
        ["round", "breach → rollback committed", "→ table without candidate at the client", "candidate requests sent"],
        results.map((r, i) => [String(i + 1), `${r.decidedMs} ms`, `${r.receivedMs} ms`, String(r.candidateSent)]),
      ),
    );
    console.log(`\nround 1's reason: ${results[0]?.reason}`);
    const received = results.map((r) => r.receivedMs).sort((a, b) => a - b);
    const median = pct(received, 0.5);
    console.log(
      `\nbreach → client, median ${median} ms, max ${received.at(-1)} ms (goal at 50 req/s: ≤ 3 s median): ${median <= 3000 ? "met" : "NOT met"}`,
    );
  } catch (e) {
    console.error(`server output (last lines):\n${server.output().split("\n").slice(-30).join("\n")}`);
    throw e;
  } finally {
    await server.stop();
    await bench.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
