// npm run bench:propagation [-- --clients 50 --rollbacks 20 --mode auto|service|direct --base-port 4130]
//
// How long a rollback takes to reach the inference services: N routing clients (rollgate/client,
// following the SSE stream) per data plane; a canary is started, every client has it, then the
// clock starts and a rollback is committed; the figure is the time from the call's start to each
// client's receipt of the new table, over R rollbacks. Goal: p99 < 250 ms, max < 1 s (printed,
// never asserted).
//
// The rollback is lib/rollout's rollback() — what POST …/release/rollback runs, minus HTTP — when
// that module is present (mode "service"); otherwise one transaction that updates the Release row
// and calls notifyRoutesChanged (mode "direct"). The output says which.
//
// Targets: on PostgreSQL, the data plane as server.ts runs it (its own process, LISTEN) and
// `rollgate relay` (its own process), the rollback committed from this process; on embedded
// PGlite, everything in this one process (PGlite delivers the notification on commit).
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createRoutingClient, type RoutingClient } from "@rollgate/client";
import type { Actor } from "../../lib/auth/actor";
import { generateTokenSecret } from "../../lib/auth/tokens";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import type { Db } from "../../lib/database/types";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { startDataPlane } from "../../lib/routing/data-plane";
import { notifyRoutesChanged } from "../../lib/routing/notify";
import { createBenchDatabase, machine, percentile, ROOT, startChild, table, type BenchDatabase, type Child } from "../routing/support";

const { values: args } = parseArgs({
  options: {
    clients: { type: "string", default: "50" },
    rollbacks: { type: "string", default: "20" },
    mode: { type: "string", default: "auto" },
    "base-port": { type: "string", default: "4130" },
  },
});
const CLIENTS = Number(args.clients);
const ROLLBACKS = Number(args.rollbacks);
const BASE_PORT = Number(args["base-port"]);
const WAIT_MS = 10_000;
const MODEL = "bench-propagation";

type RolloutModule = {
  rollback(db: Db, actor: Actor, input: { modelKey: string; reason: string }): Promise<{ epoch: number }>;
  startRollout(db: Db, actor: Actor, input: { modelKey: string; version: string }): Promise<{ epoch: number }>;
};

/** lib/rollout/service.ts when it is there (loaded by path: the bench also runs before it exists). */
async function loadRollout(): Promise<RolloutModule | null> {
  if (args.mode === "direct") return null;
  const file = path.join(ROOT, "lib/rollout/service.ts");
  if (!existsSync(file)) {
    if (args.mode === "service") throw new Error("--mode service: lib/rollout/service.ts does not exist");
    return null;
  }
  const mod = (await import(pathToFileURL(file).href)) as Partial<RolloutModule>;
  if (typeof mod.rollback !== "function" || typeof mod.startRollout !== "function") {
    if (args.mode === "service") throw new Error("lib/rollout/service.ts does not export rollback and startRollout");
    return null;
  }
  return mod as RolloutModule;
}

const system: Actor = { type: "system", id: null, label: "bench" };

/** One round: put a canary in place (not timed), then the timed rollback. */
type Driver = {
  label: string;
  setup(): Promise<void>;
  startCanary(round: number): Promise<number>;
  rollback(): Promise<number>;
};

function serviceDriver(db: Db, rollout: RolloutModule, actor: Actor): Driver {
  const register = async (version: string) => {
    const m = fraudScoringManifest();
    m.model_id = MODEL;
    m.model_version = version;
    delete m.parent_version;
    await registerVersion(db, system, { modelKey: MODEL, text: JSON.stringify(m), contentType: "application/json" });
    // fixture shortcut: an approved version, as the lifecycle's gates and reviewers would leave it
    await db.modelVersion.updateMany({ where: { model: { key: MODEL }, version }, data: { stage: "STAGING" } });
  };
  return {
    label: "lib/rollout rollback() (the service behind POST …/release/rollback)",
    async setup() {
      await register("2026-03-01.1");
      await rollout.startRollout(db, system, { modelKey: MODEL, version: "2026-03-01.1" });
    },
    async startCanary(round) {
      const version = `2026-03-01.${round + 1}`;
      await register(version);
      return (await rollout.startRollout(db, system, { modelKey: MODEL, version })).epoch;
    },
    async rollback() {
      return (await rollout.rollback(db, actor, { modelKey: MODEL, reason: "bench: propagation" })).epoch;
    },
  };
}

function directDriver(db: Db): Driver {
  const move = (data: { candidateVersion: string | null; candidatePercent: number; state: "ramping" | "rolled_back" }) =>
    db.$transaction(async (tx) => {
      const r = await tx.release.findFirstOrThrow({ where: { model: { key: MODEL }, environment: "production" } });
      const n = await tx.release.updateMany({ where: { id: r.id, epoch: r.epoch }, data: { ...data, epoch: r.epoch + 1 } });
      if (n.count !== 1) throw new Error("the release moved");
      await notifyRoutesChanged(tx, { model: MODEL, epoch: r.epoch + 1 });
      return r.epoch + 1;
    });
  return {
    label: `direct: one transaction updating the Release row + notifyRoutesChanged (${args.mode === "direct" ? "--mode direct" : "lib/rollout not found"})`,
    async setup() {
      await db.$transaction(async (tx) => {
        const m = await tx.model.create({ data: { key: MODEL, name: MODEL } });
        await tx.release.create({ data: { modelId: m.id, stableVersion: "2026-03-01.1", epoch: 1 } });
        await notifyRoutesChanged(tx, { model: MODEL, epoch: 1 });
      });
    },
    startCanary: (round) => move({ candidateVersion: `2026-03-01.${round + 1}`, candidatePercent: 5, state: "ramping" }),
    rollback: () => move({ candidateVersion: null, candidatePercent: 0, state: "rolled_back" }),
  };
}

type Fleet = { name: string; clients: RoutingClient[]; receipts: Map<number, number[]>; latencies: number[] };

function connectFleet(name: string, url: string, token: string): Fleet {
  const fleet: Fleet = { name, clients: [], receipts: new Map(), latencies: [] };
  for (let i = 0; i < CLIENTS; i++) {
    fleet.clients.push(
      createRoutingClient({
        url,
        token,
        models: [MODEL],
        onChange: (_m, t) => {
          const at = performance.now();
          let list = fleet.receipts.get(t.epoch);
          if (!list) fleet.receipts.set(t.epoch, (list = []));
          list.push(at);
        },
      }),
    );
  }
  return fleet;
}

async function allAt(fleets: Fleet[], epoch: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  const behind = () =>
    fleets.flatMap((f) => f.clients.filter((c) => (c.table(MODEL)?.epoch ?? -1) < epoch || c.status().models[MODEL]?.mode !== "stream"));
  while (behind().length > 0) {
    if (Date.now() > deadline) throw new Error(`${behind().length} clients did not reach epoch ${epoch} within ${WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function runRounds(driver: Driver, fleets: Fleet[]): Promise<number[]> {
  const callMs: number[] = [];
  for (let round = 1; round <= ROLLBACKS; round++) {
    const canary = await driver.startCanary(round);
    await allAt(fleets, canary);
    const t0 = performance.now();
    const epoch = await driver.rollback();
    callMs.push(performance.now() - t0);
    await allAt(fleets, epoch);
    for (const f of fleets) {
      const times = f.receipts.get(epoch) ?? [];
      if (times.length !== CLIENTS) throw new Error(`${f.name}: ${times.length} of ${CLIENTS} clients saw epoch ${epoch}`);
      f.latencies.push(...times.map((t) => t - t0));
    }
  }
  return callMs;
}

function summarise(rows: string[][], name: string, values: number[]) {
  const s = Float64Array.from(values).sort();
  const p99 = percentile(s, 99);
  const max = s[s.length - 1]!;
  rows.push([
    name,
    String(values.length),
    percentile(s, 50).toFixed(1),
    p99.toFixed(1),
    max.toFixed(1),
    p99 < 250 && max < 1000 ? "yes" : "NO",
  ]);
}

async function main() {
  const rollout = await loadRollout();
  console.log(`bench/propagation — ${machine()}`);
  console.log(`${CLIENTS} stream clients per data plane, ${ROLLBACKS} rollbacks`);
  const rows: string[][] = [];
  const calls: string[][] = [];
  const children: Child[] = [];
  const fleets: Fleet[] = [];
  let pg: BenchDatabase | null = null;
  let local: { db: Database; close(): Promise<void> } | null = null;
  const cleanup = async () => {
    await Promise.allSettled(fleets.flatMap((f) => f.clients.map((c) => c.close())));
    await Promise.allSettled(children.map((c) => c.stop()));
    await pg?.drop();
    await local?.close();
  };
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));
  try {
    let label = "";
    // PostgreSQL: the data plane and a relay, each in its own process, following NOTIFY
    pg = await createBenchDatabase("rollgate_bench_prop");
    if (pg) {
      const { token, actor } = await tokens(pg.db.prisma);
      const driver = rollout ? serviceDriver(pg.db.prisma, rollout, actor) : directDriver(pg.db.prisma);
      label = driver.label;
      await driver.setup();
      const dp = await startChild(
        "data plane (PostgreSQL)",
        process.execPath,
        ["--import", "tsx", "bench/routing/data-plane-server.ts", "--db", "postgres", "--url", pg.url, "--port", String(BASE_PORT)],
        {
          env: { BENCH_TOKEN: token },
        },
      );
      children.push(dp);
      const relay = await startChild(
        "relay",
        process.execPath,
        [path.join(ROOT, "bin/rollgate.mjs"), "relay", "--database-url", pg.url, "--port", String(BASE_PORT + 1)],
        {
          readyPattern: /relay ready on (http:\/\/\S+)/,
        },
      );
      children.push(relay);
      const pgFleets = [
        connectFleet("data plane (server.ts composition), PostgreSQL", `http://127.0.0.1:${BASE_PORT}`, token),
        connectFleet("rollgate relay, PostgreSQL", `http://127.0.0.1:${BASE_PORT + 1}`, token),
      ];
      fleets.push(...pgFleets);
      await Promise.all(pgFleets.flatMap((f) => f.clients.map((c) => c.ready(WAIT_MS))));
      const callMs = await runRounds(driver, pgFleets);
      for (const f of pgFleets) summarise(rows, f.name, f.latencies);
      const c = Float64Array.from(callMs).sort();
      calls.push(["PostgreSQL", percentile(c, 50).toFixed(1), percentile(c, 99).toFixed(1)]);
    } else {
      console.log("PostgreSQL is not reachable: its targets are skipped.");
    }

    // embedded PGlite: database, data plane, clients and the rollback in this one process
    const db = await openDatabase({ kind: "pglite-memory" }, { purpose: "bench" });
    await applyMigrations(db.adapterFactory);
    const dataPlane = await startDataPlane(db, { log: { info: () => {}, warn: (m) => console.warn(m) } });
    const server = createServer((req, res) => {
      if (!dataPlane.handle(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(BASE_PORT + 2, "127.0.0.1", r));
    local = {
      db,
      async close() {
        server.close();
        server.closeAllConnections();
        await dataPlane.stop();
        await db.close();
      },
    };
    const { token, actor } = await tokens(db.prisma);
    const driver = rollout ? serviceDriver(db.prisma, rollout, actor) : directDriver(db.prisma);
    label ||= driver.label;
    await driver.setup();
    const fleet = connectFleet(
      "data plane in-process, embedded PGlite",
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token,
    );
    fleets.push(fleet);
    await Promise.all(fleet.clients.map((c) => c.ready(WAIT_MS)));
    const callMs = await runRounds(driver, [fleet]);
    summarise(rows, fleet.name, fleet.latencies);
    const c = Float64Array.from(callMs).sort();
    calls.push(["embedded PGlite", percentile(c, 50).toFixed(1), percentile(c, 99).toFixed(1)]);

    console.log(`rollback committed by: ${label}\n`);
    console.log("time from the rollback call's start to each client's receipt of the new table:");
    console.log(table(["target", "receipts", "p50 ms", "p99 ms", "max ms", "goal met (p99 < 250 ms, max < 1 s)"], rows));
    console.log("\nthe rollback call itself (transaction and commit):");
    console.log(table(["database", "p50 ms", "p99 ms"], calls));
  } finally {
    await cleanup();
  }
}

/** A routes:read token for the clients, and the release:write API caller that rolls back. */
async function tokens(db: Db): Promise<{ token: string; actor: Actor }> {
  const reader = generateTokenSecret();
  await db.apiToken.create({ data: { name: "bench-clients", prefix: reader.prefix, tokenHash: reader.hash, scopes: ["routes:read"] } });
  const oncall = generateTokenSecret();
  const row = await db.apiToken.create({
    data: { name: "bench-oncall", prefix: oncall.prefix, tokenHash: oncall.hash, scopes: ["release:write"] },
  });
  return { token: reader.secret, actor: { type: "token", id: row.id, label: "bench-oncall", scopes: ["release:write"] } };
}

main()
  .then(() => process.exit(0))
  .catch((e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  });
