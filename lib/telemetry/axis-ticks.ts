import { formatValue, type ChartRow, type Unit } from "./chart-data";

/**
 * The value axis of a metric chart: evenly spaced "nice" ticks from 0 (steps of 1, 2, 2.5 or 5
 * times a power of ten) covering the data and the threshold lines, each labelled with just
 * enough precision that each label is exact and no two read the same ("$0.02 $0.02" said nothing). Null when
 * there is nothing to scale to, and recharts picks its own.
 */
export type ValueAxis = { ticks: number[]; domain: [number, number]; label: (v: number) => string };

export function niceTicks(max: number, target = 4): number[] | null {
  if (!(max > 0) || !Number.isFinite(max)) return null;
  const raw = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const count = Math.ceil(max / step - 1e-9);
  // multiply rather than add, so 0.1 + 0.2 drift does not leak into the labels
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** the top of the axis when every value is a real 0 (an error rate of 0 reads on a 0–1 % axis, not 0–400 %) */
const ZERO_SPAN: Record<Unit, number> = { ms: 100, fraction: 0.01, score: 1, usd_per_1k: 0.01, tokens: 10, requests: 10 };

export function valueAxis(unit: Unit, rows: ChartRow[], keys: string[], lines: number[] = []): ValueAxis | null {
  let max = Math.max(0, ...lines.filter(Number.isFinite));
  let values = false;
  for (const row of rows) {
    for (const k of keys) {
      const v = row[k];
      if (typeof v === "number") values = true;
      if (typeof v === "number" && v > max) max = v;
    }
  }
  const ticks = niceTicks(max === 0 && values ? ZERO_SPAN[unit] : max);
  if (!ticks) return null;
  // a label is exact when more digits would not change it (0.00025 is not "$0.0003")
  const fits = (extra: number) => {
    const labels = ticks.map((t) => formatValue(unit, t, extra));
    return new Set(labels).size === labels.length && ticks.every((t, i) => formatValue(unit, t, extra + 3) === labels[i]);
  };
  let extra = 0;
  while (extra < 6 && !fits(extra)) extra++;
  return { ticks, domain: [0, ticks[ticks.length - 1]!], label: (v) => formatValue(unit, v, extra) };
}
