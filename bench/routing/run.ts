// npm run bench:routing [-- --duration 5 --connections 20 --base-port 4110]
//
// Requests per second and p50/p99 latency of the data plane's /routes (with and without
// If-None-Match) and /resolve under 20 connections (autocannon), in one run with two
// references that serve the same bytes: a bare node:http server (the limit) and a Next.js
// route handler. Targets: the data plane in-process on embedded PGlite and on PostgreSQL, and
// `rollgate relay`. Each target is its own process; the load comes from this one. The targets
// take turns over several rounds (per endpoint: the bare server, then each target right after
// it) and each figure is the median of its rounds, the ratio to bare taken within a round, so a
// burst of other work on the machine does not land on one target alone. Prints figures only; the goal
// (≥ 50 % of bare, p99 ≤ 2 ms) is reported, never asserted.
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon, { type Result } from "autocannon";
import { BENCH_MODEL, seedBench } from "./seed";
import { createBenchDatabase, machine, percentile, ROOT, startChild, table, waitForHttp, type BenchDatabase, type Child } from "./support";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    rounds: { type: "string", default: "3" },
    warmup: { type: "string", default: "1" },
    connections: { type: "string", default: "20" },
    "base-port": { type: "string", default: "4110" },
  },
});
const DURATION = Number(args.duration);
const ROUNDS = Number(args.rounds);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const BASE_PORT = Number(args["base-port"]);
const TSX = ["--import", "tsx"];
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");
// built outside the source tree (lint and tsc skip node_modules; bundlers do not skip .cache's JS)
const NEXT_REF_SRC = path.join(ROOT, "bench/routing/next-ref");
const NEXT_REF_DIR = path.join(ROOT, "node_modules/.cache/rollgate-bench/next-ref");

type Target = { name: string; url: string; token: string; dataPlane: boolean };
type Scenario = { name: string; path: string; headers: (t: Target, etag: string) => Record<string, string>; status: number };
type Figure = { target: string; scenario: string; rps: number; p50: number; p99: number; unexpected: number; errors: number };

const SCENARIOS: Scenario[] = [
  { name: "/routes", path: `/api/v1/models/${BENCH_MODEL}/routes`, headers: (t) => auth(t), status: 200 },
  {
    name: "/routes If-None-Match",
    path: `/api/v1/models/${BENCH_MODEL}/routes`,
    headers: (t, etag) => ({ ...auth(t), "if-none-match": etag }),
    status: 304,
  },
  { name: "/resolve", path: `/api/v1/models/${BENCH_MODEL}/resolve?tenant=globex&key=user-12345`, headers: (t) => auth(t), status: 200 },
];

function auth(t: Target): Record<string, string> {
  return t.token ? { authorization: `Bearer ${t.token}` } : {};
}

/** One autocannon run; latencies come from every response (autocannon's own skip 304s). */
async function measure(url: string, headers: Record<string, string>, seconds: number, expect: number) {
  const latencies: number[] = [];
  let unexpected = 0;
  const started = process.hrtime.bigint();
  const result = await new Promise<Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers, pipelining: 1, timeout: 10 }, (err, res) =>
      err ? reject(err) : resolve(res),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status !== expect) unexpected++;
    });
  });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const sorted = Float64Array.from(latencies).sort();
  return {
    rps: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    unexpected,
    errors: result.errors + result.timeouts,
  };
}

function sourceHash(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (name === ".next" || name === "node_modules") continue;
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(`${path.relative(dir, p)}\0`).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex");
}

/** Builds the Next.js reference app on first run (and when its source changed). */
async function buildNextRef(): Promise<void> {
  const hash = sourceHash(NEXT_REF_SRC);
  const stamp = path.join(NEXT_REF_DIR, ".source-hash");
  if (existsSync(path.join(NEXT_REF_DIR, ".next/BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return;
  console.log("building the Next.js reference app (first run) …");
  rmSync(NEXT_REF_DIR, { recursive: true, force: true });
  mkdirSync(path.dirname(NEXT_REF_DIR), { recursive: true });
  cpSync(NEXT_REF_SRC, NEXT_REF_DIR, { recursive: true });
  const build = await startChild("next build", process.execPath, [NEXT_BIN, "build"], {
    cwd: NEXT_REF_DIR,
    readyPattern: /(Route \(app\))/,
    timeoutMs: 300_000,
  });
  await new Promise((r) => (build.proc.exitCode !== null ? r(null) : build.proc.once("exit", r)));
  if (build.proc.exitCode !== 0) throw new Error(`next build failed:\n${build.output()}`);
  writeFileSync(stamp, hash);
}

async function main() {
  console.log(`bench/routing — ${machine()}`);
  console.log(
    `${CONNECTIONS} connections, ${DURATION} s per measurement after ${WARMUP} s of warm-up, ${ROUNDS} rounds (medians); targets on 127.0.0.1:${BASE_PORT}–${BASE_PORT + 4}\n`,
  );
  const children: Child[] = [];
  const tmp = mkdtempSync(path.join(tmpdir(), "rollgate-bench-routing-"));
  let pgDb: BenchDatabase | null = null;
  const cleanup = async () => {
    await Promise.allSettled(children.map((c) => c.stop()));
    await pgDb?.drop();
    rmSync(tmp, { recursive: true, force: true });
  };
  process.once("SIGINT", () => void cleanup().finally(() => process.exit(130)));
  try {
    const targets: Target[] = [];
    const port = (i: number) => BASE_PORT + i;

    const pglite = await startChild("data plane (PGlite)", process.execPath, [
      ...TSX,
      "bench/routing/data-plane-server.ts",
      "--db",
      "pglite",
      "--port",
      String(port(2)),
    ]);
    children.push(pglite);
    const pgliteTarget: Target = {
      name: "data plane, embedded PGlite",
      url: `http://127.0.0.1:${port(2)}`,
      token: String(pglite.ready.token),
      dataPlane: true,
    };

    pgDb = await createBenchDatabase("rollgate_bench");
    let pgTargets: Target[] = [];
    if (pgDb) {
      const { token } = await seedBench(pgDb.db.prisma);
      const dp = await startChild(
        "data plane (PostgreSQL)",
        process.execPath,
        [...TSX, "bench/routing/data-plane-server.ts", "--db", "postgres", "--url", pgDb.url, "--port", String(port(3))],
        {
          env: { BENCH_TOKEN: token },
        },
      );
      children.push(dp);
      const relay = await startChild(
        "relay",
        process.execPath,
        [path.join(ROOT, "bin/rollgate.mjs"), "relay", "--database-url", pgDb.url, "--port", String(port(4))],
        {
          readyPattern: /relay ready on (http:\/\/\S+)/,
        },
      );
      children.push(relay);
      pgTargets = [
        { name: "data plane, PostgreSQL", url: `http://127.0.0.1:${port(3)}`, token, dataPlane: true },
        { name: "rollgate relay, PostgreSQL", url: `http://127.0.0.1:${port(4)}`, token, dataPlane: true },
      ];
    } else {
      console.log("PostgreSQL is not reachable: the PostgreSQL and relay targets are skipped.\n");
    }

    // the references serve exactly the bytes the data plane serves
    const source = pgTargets[0] ?? pgliteTarget;
    const routesRes = await fetch(`${source.url}${SCENARIOS[0]!.path}`, { headers: auth(source) });
    if (routesRes.status !== 200) throw new Error(`the data plane answered ${routesRes.status}: ${await routesRes.text()}`);
    const etag = routesRes.headers.get("etag")!;
    const routesBody = Buffer.from(await routesRes.arrayBuffer());
    const resolveBody = Buffer.from(await (await fetch(`${source.url}${SCENARIOS[2]!.path}`, { headers: auth(source) })).arrayBuffer());
    writeFileSync(path.join(tmp, "routes.json"), routesBody);
    writeFileSync(path.join(tmp, "resolve.json"), resolveBody);
    const refEnv = {
      BENCH_ROUTES_BODY: path.join(tmp, "routes.json"),
      BENCH_RESOLVE_BODY: path.join(tmp, "resolve.json"),
      BENCH_ROUTES_ETAG: etag,
    };
    console.log(`table: ${routesBody.length} bytes, ETag ${etag}; resolve answer: ${resolveBody.toString()}\n`);

    const bare = await startChild("bare node:http", process.execPath, [...TSX, "bench/routing/bare-server.ts"], {
      env: { ...refEnv, PORT: String(port(0)) },
    });
    children.push(bare);
    targets.push({ name: "bare node:http (limit)", url: `http://127.0.0.1:${port(0)}`, token: "", dataPlane: false });

    await buildNextRef();
    const nextRef = await startChild("Next.js reference", process.execPath, [NEXT_BIN, "start", "-p", String(port(1)), "-H", "127.0.0.1"], {
      cwd: NEXT_REF_DIR,
      env: refEnv,
      readyPattern: /(Ready in)/,
    });
    children.push(nextRef);
    await waitForHttp(`http://127.0.0.1:${port(1)}${SCENARIOS[0]!.path}`, {});
    targets.push({ name: "Next.js route handler", url: `http://127.0.0.1:${port(1)}`, token: "", dataPlane: false });
    targets.push(pgliteTarget, ...pgTargets);

    // Round by round, each endpoint is measured on the bare server and then right away on every
    // other target; a target's ratio is taken against the bare figure of its own round, so a
    // burst of other work on the machine skews a pair less than a whole table.
    const runs = new Map<string, (Omit<Figure, "target" | "scenario"> & { ratio: number })[]>();
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round} of ${ROUNDS}`);
      for (const s of SCENARIOS) {
        let bareRps = Number.NaN;
        for (const target of targets) {
          const url = `${target.url}${s.path}`;
          const headers = s.headers(target, etag);
          if (WARMUP > 0) await measure(url, headers, WARMUP, s.status);
          const m = await measure(url, headers, DURATION, s.status);
          if (target === targets[0]) bareRps = m.rps;
          const k = `${target.name}\0${s.name}`;
          runs.set(k, [...(runs.get(k) ?? []), { ...m, ratio: m.rps / bareRps }]);
          console.log(
            `  ${target.name.padEnd(28)} ${s.name.padEnd(22)} ${fmtRps(m.rps).padStart(8)} req/s  p50 ${m.p50.toFixed(2)} ms  p99 ${m.p99.toFixed(2)} ms  ${((m.rps / bareRps) * 100).toFixed(0).padStart(3)} % of bare${m.unexpected || m.errors ? `  (${m.unexpected} unexpected statuses, ${m.errors} errors)` : ""}`,
          );
        }
      }
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const figures: (Figure & { ratio: number })[] = [];
    for (const target of targets) {
      for (const s of SCENARIOS) {
        const ms = runs.get(`${target.name}\0${s.name}`)!;
        figures.push({
          target: target.name,
          scenario: s.name,
          rps: median(ms.map((m) => m.rps)),
          p50: median(ms.map((m) => m.p50)),
          p99: median(ms.map((m) => m.p99)),
          ratio: median(ms.map((m) => m.ratio)),
          unexpected: ms.reduce((a, m) => a + m.unexpected, 0),
          errors: ms.reduce((a, m) => a + m.errors, 0),
        });
      }
    }

    const rows = figures.map((f) => {
      const isDataPlane = targets.find((t) => t.name === f.target)!.dataPlane;
      const goal = isDataPlane ? (f.ratio >= 0.5 && f.p99 <= 2 ? "yes" : "NO") : "";
      return [f.target, f.scenario, fmtRps(f.rps), f.p50.toFixed(2), f.p99.toFixed(2), `${(f.ratio * 100).toFixed(0)} %`, goal];
    });
    console.log(
      `\nmedians of ${ROUNDS} rounds:\n${table(["target", "endpoint", "req/s", "p50 ms", "p99 ms", "vs bare", "goal met (≥ 50 %, p99 ≤ 2 ms)"], rows)}`,
    );
    const bad = figures.filter((f) => f.unexpected || f.errors);
    if (bad.length) console.log(`\nwarning: unexpected statuses or errors in ${bad.map((f) => `${f.target} ${f.scenario}`).join(", ")}`);
  } finally {
    await cleanup();
  }
}

function fmtRps(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
