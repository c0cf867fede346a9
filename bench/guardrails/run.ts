// npm run bench:guardrails [-- --aa-runs 1000 --runs 200 --horizon 600 --seed 1]
//
// Replays synthetic telemetry through the real decision code (lib/guardrails/decide.ts) for
// the sequential method (evaluated after every 1 s batch, as event-driven evaluation would)
// and for the fixed-threshold method it replaces (sequential off, evaluated every 10 s with the
// 500-request minimum). The candidate serves 5, 50 or 500 req/s and stable 19× that; stable's
// error rate is 1 %. From the candidate's first request the error rate is stable's (A/A) or
// 1.5×, 2×, 5×, 20× it. Printed per rate: A/A false rollbacks and false holds over the runs, and
// per breach the power (rolled back within the horizon) and the median and p95 time to the
// rollback. Goals (issue): A/A ≤ 1 %; at 50 req/s 20× ≤ 3 s median and 2× ≤ 60 s, power ≥ 95 %.
// Figures only: the goals are reported, never asserted.
import { parseArgs } from "node:util";
import { decide, type DecideInput, type ReleaseSnapshot, type WindowStats } from "../../lib/guardrails/decide";
import { parsePolicy } from "../../lib/policy/policy";

const { values: args } = parseArgs({
  options: {
    "aa-runs": { type: "string", default: "1000" },
    runs: { type: "string", default: "200" },
    horizon: { type: "string", default: "600" },
    seed: { type: "string", default: "1" },
  },
});
const AA_RUNS = Number(args["aa-runs"]);
const RUNS = Number(args.runs);
const HORIZON_S = Number(args.horizon);
const STABLE_ERROR_RATE = 0.01;
const RATES = [5, 50, 500];
const FACTORS = [1.5, 2, 5, 20];

// a seeded generator, so a run can be repeated exactly
let state = Number(args.seed) >>> 0 || 1;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Binomial(n, p): inversion for a small mean, the normal approximation for a large one. */
function binomial(n: number, p: number): number {
  const mean = n * p;
  if (mean * (1 - p) > 25) return Math.max(0, Math.min(n, Math.round(mean + Math.sqrt(mean * (1 - p)) * normal())));
  let k = 0;
  let pk = Math.pow(1 - p, n);
  let cdf = pk;
  const u = random();
  while (u > cdf && k < n) {
    pk *= ((n - k) / (k + 1)) * (p / (1 - p));
    cdf += pk;
    k++;
  }
  return k;
}

function policyOf(sequential: boolean) {
  const parsed = parsePolicy({ guardrails: { sequential: { enabled: sequential } } });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.policy.guardrails;
}

const START = new Date("2026-12-01T00:00:00Z");
const release: ReleaseSnapshot = {
  state: "ramping",
  candidateVersion: "cand",
  stableVersion: "stable",
  previousStableVersion: null,
  steps: [5, 25, 50, 100],
  stepIndex: 0,
  // longer than the horizon: only rollbacks (and holds) are measured
  bakeMinutes: 24 * 60,
  stepStartedAt: START,
  completedAt: null,
};

function window(version: string, requests: number, errors: number): WindowStats {
  return {
    version,
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : null,
    p95Ms: null,
    quality: null,
    qualitySample: 0,
    costPer1k: null,
    costSample: 0,
    flags: {},
  };
}

type Method = { name: string; policy: DecideInput["policy"]; everySeconds: number };
const METHODS: Method[] = [
  { name: "sequential, every 1 s", policy: policyOf(true), everySeconds: 1 },
  { name: "fixed threshold, every 10 s", policy: policyOf(false), everySeconds: 10 },
];

type Run = { rollbackAt: number | null; held: boolean };

/** One stream, judged by every method on the same draws. */
function simulate(rate: number, candidateErrorRate: number): Run[] {
  const results: Run[] = METHODS.map(() => ({ rollbackAt: null, held: false }));
  let cReq = 0,
    cErr = 0,
    sReq = 0,
    sErr = 0;
  for (let t = 1; t <= HORIZON_S; t++) {
    cReq += rate;
    cErr += binomial(rate, candidateErrorRate);
    sReq += rate * 19;
    sErr += binomial(rate * 19, STABLE_ERROR_RATE);
    let open = false;
    METHODS.forEach((m, i) => {
      const r = results[i]!;
      if (r.rollbackAt !== null) return;
      open = true;
      if (t % m.everySeconds !== 0) return;
      const d = decide({
        release,
        policy: m.policy,
        limits: {},
        candidate: window("cand", cReq, cErr),
        stable: window("stable", sReq, sErr),
        now: new Date(START.getTime() + t * 1000),
      });
      if (d.outcome === "rollback") r.rollbackAt = t;
      if (d.outcome === "hold") r.held = true;
    });
    if (!open) break;
  }
  return results;
}

function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const secs = (x: number | null) => (x === null ? "–" : `${x} s`);

const started = Date.now();
console.log(`guardrails: stable error rate ${pct(STABLE_ERROR_RATE)}, stable at 19× the candidate's rate, horizon ${HORIZON_S} s`);
console.log(`A/A runs per rate: ${AA_RUNS}; breach runs per case: ${RUNS}; seed ${args.seed}\n`);

const rows: string[][] = [["rate", "case", "method", "rolled back", "median", "p95", "held"]];
const goals: string[] = [];
for (const rate of RATES) {
  for (const factor of [1, ...FACTORS]) {
    const runs = factor === 1 ? AA_RUNS : RUNS;
    const all = Array.from({ length: runs }, () => simulate(rate, STABLE_ERROR_RATE * factor));
    METHODS.forEach((m, i) => {
      const mine = all.map((r) => r[i]!);
      const times = mine.flatMap((r) => (r.rollbackAt === null ? [] : [r.rollbackAt])).sort((a, b) => a - b);
      const share = times.length / runs;
      const median = quantile(times, 0.5);
      const p95 = quantile(times, 0.95);
      rows.push([
        `${rate} req/s`,
        factor === 1 ? "A/A" : `${factor}× errors`,
        m.name,
        pct(share),
        secs(median),
        secs(p95),
        pct(mine.filter((r) => r.held).length / runs),
      ]);
      if (i === 0 && factor === 1)
        goals.push(`${rate} req/s A/A false rollbacks ${pct(share)} (goal ≤ 1 %): ${share <= 0.01 ? "met" : "NOT met"}`);
      if (i === 0 && rate === 50 && factor === 20)
        goals.push(
          `50 req/s 20×: median ${secs(median)}, power ${pct(share)} (goal ≤ 3 s, ≥ 95 %): ${median !== null && median <= 3 && share >= 0.95 ? "met" : "NOT met"}`,
        );
      if (i === 0 && rate === 50 && factor === 2)
        goals.push(
          `50 req/s 2×: median ${secs(median)}, power ${pct(share)} (goal ≤ 60 s, ≥ 95 %): ${median !== null && median <= 60 && share >= 0.95 ? "met" : "NOT met"}`,
        );
    });
  }
}

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(" | ")} |`;
console.log(line(rows[0]!));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows.slice(1)) console.log(line(r));
console.log("\nGoals (sequential method):");
for (const g of goals) console.log(`  ${g}`);
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
