/**
 * Which tenant to look at first: the tenant table's ranking. Pure and client-safe.
 *
 * The score of a row is its worst signal, each measured in multiples of the tolerance the
 * guardrails allow a candidate against stable, so "1" reads "as bad as the guardrail allows":
 * - p95 latency: (p95 / base p95 − 1) / (maxP95Factor − 1)   — +35 % with a 1.2 factor is 1.75
 * - error rate:  (error rate − base error rate) / maxIncrease — +1 point with 0.5 pt allowed is 2,
 *                counting only the rise the two samples vouch for: the difference less its
 *                one-sided 95 % margin (two proportions), so 4 errors in 524 requests against
 *                3 in 540 is noise, not a finding, while the same rates over 50k requests are not
 * - quality:     (base mean score − mean score) / QUALITY_TOLERANCE (the policy has no relative
 *                quality limit, so a drop of 0.05 in mean score counts as one tolerance)
 *
 * The base: while a canary runs, the candidate's row of a tenant is compared with the same
 * tenant's stable row (that tenant's own traffic, the story a canary tells per tenant); when the
 * tenant's stable row has too few requests, with stable over all tenants. Every other row — and
 * every row when no canary runs — is compared with its own version over all tenants together.
 *
 * A row no worse than its base on every signal (score under 0.05, the noise of rounding) says so
 * instead of naming a signal.
 *
 * Sample size: a row below `minSample` requests is not judged ("too few requests (12 < 500)"),
 * nor is a comparison whose base has too few. Tenants are ordered by their worst judged row,
 * highest first; tenants with no judged row come last, the busiest first. A tenant's rows stay
 * together: during a canary its candidate row first, then its stable row (the comparison), then
 * the rest by score.
 */
import { formatValue } from "./chart-data";

export const QUALITY_TOLERANCE = 0.05;

/** Below 5 % of a tolerance a difference is rounding and noise ("p95 +0 %"), not a finding. */
const NOISE = 0.05;

export type Signals = { requests: number; error_rate: number; p95: number | null; quality: number | null };

export type RankTolerances = { maxP95Factor: number; maxErrorIncrease: number };

export type RankContext = {
  /** the candidate of a running canary; null when no rollout runs */
  candidate: string | null;
  stable: string | null;
  minSample: number;
  tolerances: RankTolerances;
  /** each version's traffic over all tenants together */
  baselines: Readonly<Record<string, Signals>>;
};

export type Signal = "p95" | "error_rate" | "quality";

export type TenantRank = {
  /** the worst signal in multiples of its tolerance (≤ 0: no worse than its base); null when not judged */
  score: number | null;
  /** the same before the error rate's sampling margin is taken off: orders rows whose differences are all within noise */
  raw: number | null;
  signal: Signal | null;
  /** what the row was compared with; null when it was not */
  against: "stable" | "stable_all_tenants" | "all_tenants" | null;
  /** one line for the row: "p95 +35 % vs stable", "too few requests (12 < 500)" */
  reason: string;
  /** the row had too few requests (or its base did) to be judged */
  tooFew: boolean;
  /** this row is the base a candidate row of the same tenant is compared with */
  isBase: boolean;
};

type Row = Signals & { tenant: string; version: string };

const AGAINST_TEXT = { stable: "vs stable", stable_all_tenants: "vs stable (all tenants)", all_tenants: "vs all tenants" } as const;

function signed(n: number, digits: number): string {
  const s = Math.abs(n).toFixed(digits);
  return `${n < 0 ? "−" : "+"}${s}`;
}

/** The worst of the three signals of `row` against `base`, or null when neither side has a comparable signal. */
type Compared = { score: number; raw: number; signal: Signal; text: string };

export function compareSignals(row: Signals, base: Signals, t: RankTolerances): Compared | null {
  const found: Compared[] = [];
  if (row.p95 !== null && base.p95 !== null && base.p95 > 0) {
    const change = row.p95 / base.p95 - 1;
    const score = change / Math.max(t.maxP95Factor - 1, 1e-6);
    found.push({ score, raw: score, signal: "p95", text: `p95 ${signed(change * 100, 0)} %` });
  }
  const diff = row.error_rate - base.error_rate;
  const vouched = diff > 0 ? Math.max(0, diff - errorRateMargin(row, base)) : diff;
  const allowed = Math.max(t.maxErrorIncrease, 1e-6);
  found.push({
    score: vouched / allowed,
    raw: diff / allowed,
    signal: "error_rate",
    text: `error rate ${signed(diff * 100, diff !== 0 && Math.abs(diff) < 0.001 ? 2 : 1)} pt`,
  });
  if (row.quality !== null && base.quality !== null) {
    const drop = base.quality - row.quality;
    found.push({ score: drop / QUALITY_TOLERANCE, raw: drop / QUALITY_TOLERANCE, signal: "quality", text: `quality ${signed(-drop, 3)}` });
  }
  let worst = found[0] ?? null;
  // differences under the noise floor are ties, decided by the raw difference
  for (const f of found)
    if (worst === null || floored(f.score) > floored(worst.score) || (floored(f.score) === floored(worst.score) && f.raw > worst.raw))
      worst = f;
  return worst;
}

/** z for a one-sided 95 % bound */
const Z_95 = 1.645;

/** The one-sided 95 % margin of the difference of two error rates, from their samples (normal approximation). */
export function errorRateMargin(row: Signals, base: Signals): number {
  if (row.requests <= 0 || base.requests <= 0) return Infinity;
  const variance = (row.error_rate * (1 - row.error_rate)) / row.requests + (base.error_rate * (1 - base.error_rate)) / base.requests;
  return Z_95 * Math.sqrt(variance);
}

export function tooFewText(requests: number, minSample: number, whose?: string): string {
  return `too few ${whose ? `${whose} ` : ""}requests (${formatValue("requests", requests)} < ${formatValue("requests", minSample)})`;
}

function rankRow(row: Row, rows: readonly Row[], ctx: RankContext): TenantRank {
  const none = { score: null, raw: null, signal: null, against: null, isBase: false } as const;
  const canary = ctx.candidate !== null && ctx.stable !== null;
  if (canary && row.version === ctx.stable && rows.some((r) => r.tenant === row.tenant && r.version === ctx.candidate)) {
    return { ...none, isBase: true, tooFew: row.requests < ctx.minSample, reason: "the base: this tenant's stable" };
  }
  if (row.requests < ctx.minSample) return { ...none, tooFew: true, reason: tooFewText(row.requests, ctx.minSample) };

  let base: Signals | undefined;
  let against: NonNullable<TenantRank["against"]>;
  if (canary && row.version === ctx.candidate) {
    const own = rows.find((r) => r.tenant === row.tenant && r.version === ctx.stable);
    if (own && own.requests >= ctx.minSample) {
      base = own;
      against = "stable";
    } else {
      base = ctx.baselines[ctx.stable as string];
      against = "stable_all_tenants";
    }
  } else {
    base = ctx.baselines[row.version];
    against = "all_tenants";
  }
  if (!base || base.requests < ctx.minSample) {
    const whose = against === "all_tenants" ? "all-tenant" : "stable";
    return { ...none, tooFew: true, reason: tooFewText(base?.requests ?? 0, ctx.minSample, whose) };
  }
  const worst = compareSignals(row, base, ctx.tolerances);
  if (!worst) return { ...none, tooFew: false, reason: "nothing to compare" };
  let reason = `${worst.text} ${AGAINST_TEXT[against]}`;
  if (worst.score < NOISE)
    reason = worst.raw >= NOISE ? `${reason}, within noise` : `no worse ${AGAINST_TEXT[against].replace("vs ", "than ")}`;
  return { score: worst.score, raw: worst.raw, signal: worst.signal, against, reason, tooFew: false, isBase: false };
}

/** a score under the noise floor orders like no difference at all */
const floored = (score: number) => (score >= NOISE ? score : 0);

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every row with its rank, ordered as the table shows them (see the module comment). */
export function rankTenantRows<R extends Row>(rows: readonly R[], ctx: RankContext): (R & { rank: TenantRank })[] {
  const ranked = rows.map((r) => ({ ...r, rank: rankRow(r, rows, ctx) }));
  const tenants = new Map<string, { worst: number | null; raw: number; requests: number; rows: typeof ranked }>();
  for (const r of ranked) {
    let t = tenants.get(r.tenant);
    if (!t) tenants.set(r.tenant, (t = { worst: null, raw: -Infinity, requests: 0, rows: [] }));
    t.rows.push(r);
    t.requests += r.requests;
    if (r.rank.score !== null && (t.worst === null || r.rank.score > t.worst)) t.worst = r.rank.score;
    if (r.rank.raw !== null && r.rank.raw > t.raw) t.raw = r.rank.raw;
  }
  const place = (r: (typeof ranked)[number]) => (r.version === ctx.candidate ? 0 : r.rank.isBase ? 1 : 2);
  const withinTenant = (a: (typeof ranked)[number], b: (typeof ranked)[number]) =>
    place(a) - place(b) ||
    (b.rank.score ?? -Infinity) - (a.rank.score ?? -Infinity) ||
    (b.rank.raw ?? -Infinity) - (a.rank.raw ?? -Infinity) ||
    b.requests - a.requests ||
    byName(a.version, b.version);
  return [...tenants.entries()]
    .sort(([an, a], [bn, b]) => {
      if (a.worst !== null && b.worst !== null) return floored(b.worst) - floored(a.worst) || b.raw - a.raw || byName(an, bn);
      if (a.worst !== null) return -1;
      if (b.worst !== null) return 1;
      return b.requests - a.requests || byName(an, bn);
    })
    .flatMap(([, t]) => t.rows.sort(withinTenant));
}
