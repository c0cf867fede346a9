// npm run bench:guardrails [-- --aa-runs 1000 --runs 200 --horizon 600 --seed 1]
//
// Replays synthetic telemetry through the real decision code (lib/guardrails/decide.ts) for
// the sequential method (evaluated after every 1 s batch, as event-driven evaluation does)
// and for the fixed-threshold method it replaces (sequential off, evaluated every 10 s with the
// 500-request minimum). The candidate serves 5, 50 or 500 req/s and stable 19× that. Stable's
// error rate is 1 % and its latencies lognormal (median 100 ms, log-sd 0.5: p95 ≈ 228 ms), read
// through the product's latency histogram. From the candidate's first request it is identical
// to stable (A/A), or its error rate is 1.5×, 2×, 5×, 20× stable's, or every request is 20 % or
// 100 % slower (p95 +20 %, +100 %). The policy is the default except latency.maxP95Factor 1.1,
// so that +20 % is a breach (the default 1.2 tolerates it); latency is soft, so a latency
// breach is a hold, an error breach a rollback.
//
// Printed per rate and case: A/A false rollbacks and false holds, and per breach the power (the
// breach's action within the horizon) and the median and p95 time to it. Goals (issue): A/A
// ≤ 1 %; at 50 req/s 20× errors ≤ 3 s median and 2× ≤ 60 s, power ≥ 95 %. Figures only: the
// goals are reported, never asserted.
import { parseArgs } from "node:util";
import { decide, type DecideInput, type ReleaseSnapshot, type WindowStats } from "../../lib/guardrails/decide";
import { parsePolicy } from "../../lib/policy/policy";
import { percentile } from "../../lib/telemetry/histogram";
import { addSecond, binomial, bucketProbabilities, seeded, type Latency } from "./streams";

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
const STABLE_LATENCY: Latency = { medianMs: 100, sigma: 0.5, factor: 1 };
const RATES = [5, 50, 500];
const random = seeded(Number(args.seed));

type Case = { label: string; errorFactor: number; latencyFactor: number; action: "rollback" | "hold" | null };
const CASES: Case[] = [
  { label: "A/A", errorFactor: 1, latencyFactor: 1, action: null },
  ...[1.5, 2, 5, 20].map((f) => ({ label: `${f}× errors`, errorFactor: f, latencyFactor: 1, action: "rollback" as const })),
  { label: "p95 +20 %", errorFactor: 1, latencyFactor: 1.2, action: "hold" },
  { label: "p95 +100 %", errorFactor: 1, latencyFactor: 2, action: "hold" },
];

function policyOf(sequential: boolean) {
  const parsed = parsePolicy({ guardrails: { sequential: { enabled: sequential }, latency: { maxP95Factor: 1.1 } } });
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
  // longer than the horizon: only rollbacks and holds are measured
  bakeMinutes: 24 * 60,
  stepStartedAt: START,
  completedAt: null,
};

/** A version's window as the product's window query would summarize it. */
class Side {
  requests = 0;
  errors = 0;
  hist: number[] = [];
  constructor(
    readonly version: string,
    readonly rate: number,
    readonly errorRate: number,
    readonly latency: Latency,
    readonly probs = bucketProbabilities(latency),
  ) {}
  second() {
    const n = addSecond(random, this.hist, this.rate, this.probs, this.latency);
    this.requests += n;
    this.errors += binomial(random, n, this.errorRate);
  }
  stats(): WindowStats {
    const { requests, errors } = this;
    return {
      version: this.version,
      requests,
      errors,
      errorRate: requests > 0 ? errors / requests : null,
      p95Ms: requests > 0 ? percentile(this.hist, 0.95) : null,
      quality: null,
      qualitySample: 0,
      costPer1k: null,
      costSample: 0,
      flags: {},
      latencyHist: this.hist,
    };
  }
}

type Method = { name: string; policy: DecideInput["policy"]; everySeconds: number };
const METHODS: Method[] = [
  { name: "sequential, every 1 s", policy: policyOf(true), everySeconds: 1 },
  { name: "fixed threshold, every 10 s", policy: policyOf(false), everySeconds: 10 },
];

type Run = { rollbackAt: number | null; heldAt: number | null };

/** One stream, judged by every method on the same draws, until each has rolled back (or the horizon). */
function simulate(rate: number, c: Case): Run[] {
  const results: Run[] = METHODS.map(() => ({ rollbackAt: null, heldAt: null }));
  const candidate = new Side("cand", rate, STABLE_ERROR_RATE * c.errorFactor, { ...STABLE_LATENCY, factor: c.latencyFactor });
  const stable = new Side("stable", rate * 19, STABLE_ERROR_RATE, STABLE_LATENCY);
  for (let t = 1; t <= HORIZON_S; t++) {
    candidate.second();
    stable.second();
    let open = false;
    METHODS.forEach((m, i) => {
      const r = results[i]!;
      // a hold case ends at the hold (a person decides from there); every case ends at a rollback
      if (r.rollbackAt !== null || (c.action === "hold" && r.heldAt !== null)) return;
      open = true;
      if (t % m.everySeconds !== 0) return;
      const input = { release, policy: m.policy, limits: {}, candidate: candidate.stats(), stable: stable.stats() };
      const d = decide({ ...input, now: new Date(START.getTime() + t * 1000) });
      if (d.outcome === "rollback") r.rollbackAt = t;
      if (d.outcome === "hold") r.heldAt ??= t;
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
console.log(
  `guardrails: stable error rate ${pct(STABLE_ERROR_RATE)}, latency lognormal median ${STABLE_LATENCY.medianMs} ms (log-sd ${STABLE_LATENCY.sigma}), ` +
    `stable at 19× the candidate's rate, latency.maxP95Factor 1.1, horizon ${HORIZON_S} s`,
);
console.log(`A/A runs per rate: ${AA_RUNS}; breach runs per case: ${RUNS}; seed ${args.seed}\n`);

const rows: string[][] = [["rate", "case", "method", "rolled back", "held", "median", "p95"]];
const goals: string[] = [];
for (const rate of RATES) {
  for (const c of CASES) {
    const runs = c.action === null ? AA_RUNS : RUNS;
    const all = Array.from({ length: runs }, () => simulate(rate, c));
    METHODS.forEach((m, i) => {
      const mine = all.map((r) => r[i]!);
      const rolled = mine.filter((r) => r.rollbackAt !== null).length / runs;
      const held = mine.filter((r) => r.heldAt !== null).length / runs;
      const at = (r: Run) => (c.action === "hold" ? r.heldAt : r.rollbackAt);
      const times = mine.flatMap((r) => (at(r) === null ? [] : [at(r)!])).sort((a, b) => a - b);
      const power = times.length / runs;
      const median = quantile(times, 0.5);
      rows.push([
        `${rate} req/s`,
        c.label,
        m.name,
        pct(rolled),
        pct(held),
        c.action ? secs(median) : "",
        c.action ? secs(quantile(times, 0.95)) : "",
      ]);
      if (i !== 0) return;
      if (c.action === null)
        goals.push(
          `${rate} req/s A/A: false rollbacks ${pct(rolled)}, false holds ${pct(held)} (goal ≤ 1 %): ${rolled <= 0.01 && held <= 0.01 ? "met" : "NOT met"}`,
        );
      const goal = rate === 50 && c.errorFactor === 20 ? 3 : rate === 50 && c.errorFactor === 2 ? 60 : null;
      if (goal !== null)
        goals.push(
          `50 req/s ${c.label}: median ${secs(median)}, power ${pct(power)} (goal ≤ ${goal} s, ≥ 95 %): ${median !== null && median <= goal && power >= 0.95 ? "met" : "NOT met"}`,
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
