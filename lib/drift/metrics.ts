/**
 * Distribution distances between a baseline histogram and a current one, on the same slots.
 * Pure and client-safe. Inputs are counts (any scale; each side is normalised to proportions);
 * a side whose counts sum to 0 has no distribution and every metric is null.
 *
 * - PSI (population stability index) = Σ (c − b) · ln(c / b) over slots, with b, c the
 *   baseline and current proportions. An empty slot on either side would make the log
 *   infinite, so proportions are floored at PSI_EPSILON (1e-4) first; a slot empty on both
 *   sides adds 0. Rule of thumb: < 0.1 stable, 0.1–0.25 moderate, > 0.25 major shift.
 * - Jensen–Shannon distance: the square root of the JS divergence with base-2 logarithms, so it
 *   lies in [0, 1] (1: disjoint supports). Empty slots need no epsilon (0 · log 0 = 0).
 * - KS on the binned CDF: the largest gap between the two cumulative distributions, taken
 *   over the slots in the given value order (only those slots, renormalised). It is a lower
 *   bound of the continuous KS statistic, since gaps inside a bin are not seen.
 */

export const PSI_EPSILON = 1e-4;

function proportions(counts: readonly number[]): number[] | null {
  let total = 0;
  for (const c of counts) total += c;
  if (!(total > 0)) return null;
  return counts.map((c) => c / total);
}

function checkLengths(a: readonly number[], b: readonly number[]) {
  if (a.length !== b.length) throw new Error(`histograms have ${a.length} and ${b.length} slots; they must be binned alike`);
}

export function psi(baseline: readonly number[], current: readonly number[]): number | null {
  checkLengths(baseline, current);
  const b = proportions(baseline);
  const c = proportions(current);
  if (!b || !c) return null;
  let sum = 0;
  for (let i = 0; i < b.length; i++) {
    const bi = Math.max(b[i] as number, PSI_EPSILON);
    const ci = Math.max(c[i] as number, PSI_EPSILON);
    sum += (ci - bi) * Math.log(ci / bi);
  }
  return sum;
}

export function jsDistance(baseline: readonly number[], current: readonly number[]): number | null {
  checkLengths(baseline, current);
  const p = proportions(baseline);
  const q = proportions(current);
  if (!p || !q) return null;
  let divergence = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] as number;
    const qi = q[i] as number;
    const m = (pi + qi) / 2;
    if (pi > 0) divergence += 0.5 * pi * Math.log2(pi / m);
    if (qi > 0) divergence += 0.5 * qi * Math.log2(qi / m);
  }
  return Math.sqrt(Math.min(1, Math.max(0, divergence)));
}

/** KS over the slots listed in `order` (value order); null without an order or data there. */
export function ksBinned(baseline: readonly number[], current: readonly number[], order: readonly number[] | null): number | null {
  checkLengths(baseline, current);
  if (!order) return null;
  const b = proportions(order.map((i) => baseline[i] ?? 0));
  const c = proportions(order.map((i) => current[i] ?? 0));
  if (!b || !c) return null;
  let cb = 0;
  let cc = 0;
  let worst = 0;
  for (let i = 0; i < b.length; i++) {
    cb += b[i] as number;
    cc += c[i] as number;
    worst = Math.max(worst, Math.abs(cb - cc));
  }
  return Math.min(1, worst);
}

/** Element-wise sum into `into` (grown as needed). */
export function addCounts(into: number[], more: readonly number[]): number[] {
  for (let i = 0; i < more.length; i++) into[i] = (into[i] ?? 0) + (more[i] ?? 0);
  return into;
}

export function total(counts: readonly number[]): number {
  let t = 0;
  for (const c of counts) t += c;
  return t;
}
