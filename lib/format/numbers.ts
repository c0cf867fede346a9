/**
 * How numbers read on pages, in reasons and in messages. Pure and client-safe, so server and
 * browser print the same; English digits and separators whatever the runtime's locale. Each
 * form below is one the product shows somewhere: they differ on purpose (a rollout's reason
 * says "12.50 %", its split bar "12.5 %"), and the tests pin every string.
 */

/** At most `digits` decimals, trailing zeros dropped: (12.5, 2) → "12.5", (1.5204, 2) → "1.52". */
export function roundTo(n: number, digits: number): string {
  return String(Number(n.toFixed(digits)));
}

/** `digits` significant digits, trailing zeros dropped: (1234.567, 4) → "1235", (0.12, 4) → "0.12". */
export function significant(n: number, digits: number): string {
  return String(Number(n.toPrecision(digits)));
}

/** Numbers as people write them: 0.05 * 100 is "5", not "5.000000000000001". */
export function formatNumber(n: number): string {
  return significant(n, 12);
}

/** Two significant digits, one decimal from 10 up, whole numbers as they are: 0.0123 → "0.012", 33.33 → "33.3". */
export function formatCompact(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 10 ? n.toFixed(1) : n.toPrecision(2).replace(/\.?0+$/, "");
}

/** Whole counts with thousands separators: 182340 → "182,340"; a fraction as written. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : formatNumber(n);
}

/** Milliseconds, whole: 412.6 → "413 ms". */
export function formatMs(ms: number): string {
  return `${Math.round(ms)} ms`;
}

/** A percentage at most two decimals long: 25 → "25 %", 12.5 → "12.5 %", 33.3333 → "33.33 %". */
export function formatPercent(p: number): string {
  return `${roundTo(p, 2)} %`;
}

/** A percentage whole or with two decimals, as rollout reasons word a step: 25 → "25 %", 12.5 → "12.50 %". */
export function formatPercentTwoDecimals(p: number): string {
  return `${Number.isInteger(p) ? p : p.toFixed(2)} %`;
}

/** A percentage with exactly two decimals, for columns of numbers: 5 → "5.00 %". */
export function formatPercentFixed(p: number): string {
  return `${p.toFixed(2)} %`;
}

/** A fraction as a percentage without float noise: 0.005 → "0.5 %", 0.07 → "7 %". */
export function fractionAsPercent(fraction: number): string {
  return `${formatNumber(fraction * 100)} %`;
}
