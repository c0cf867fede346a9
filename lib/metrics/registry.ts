/**
 * The control plane's own metrics (README → Prometheus): counters, gauges and histograms kept in
 * process memory and rendered by `GET /metrics`. The registry lives on `globalThis`, because
 * server.ts and the route handlers Next.js bundles load separate copies of this module and must
 * count into the same numbers. Labels are few and bounded by construction (route groups, job
 * names, outcomes), never raw paths or tenants.
 */

export type Labels = Readonly<Record<string, string>>;

type Series = { labels: Labels; value: number };
type HistSeries = { labels: Labels; buckets: number[]; sum: number; count: number };

export type Family =
  | { name: string; help: string; type: "counter" | "gauge"; series: Series[] }
  | { name: string; help: string; type: "histogram"; bounds: readonly number[]; series: HistSeries[] };

type Collector = () => Family[] | Promise<Family[]>;

type Registry = { families: Map<string, Family>; collectors: Map<string, Collector> };

const KEY = Symbol.for("rollgate.metrics.registry");

function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[KEY] ??= { families: new Map(), collectors: new Map() });
}

const labelKey = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(",");

function family<F extends Family>(name: string, make: () => F): F {
  const families = registry().families;
  const found = families.get(name);
  if (found) return found as F;
  const made = make();
  families.set(name, made);
  return made;
}

function seriesOf<S extends { labels: Labels }>(list: S[], labels: Labels, make: () => S): S {
  const key = labelKey(labels);
  const found = list.find((s) => labelKey(s.labels) === key);
  if (found) return found;
  const made = make();
  list.push(made);
  return made;
}

export function counter(name: string, help: string) {
  const f = family(name, () => ({ name, help, type: "counter" as const, series: [] as Series[] }));
  return {
    inc(labels: Labels = {}, by = 1): void {
      seriesOf(f.series, labels, () => ({ labels, value: 0 })).value += by;
    },
  };
}

export function gauge(name: string, help: string) {
  const f = family(name, () => ({ name, help, type: "gauge" as const, series: [] as Series[] }));
  return {
    set(labels: Labels, value: number): void {
      seriesOf(f.series, labels, () => ({ labels, value: 0 })).value = value;
    },
  };
}

/** Latency buckets in seconds, as Prometheus' client libraries default them. */
export const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

export function histogram(name: string, help: string, bounds: readonly number[] = SECONDS_BUCKETS) {
  const f = family(name, () => ({ name, help, type: "histogram" as const, bounds, series: [] as HistSeries[] }));
  return {
    observe(labels: Labels, value: number): void {
      const s = seriesOf(f.series, labels, () => ({ labels, buckets: new Array<number>(bounds.length).fill(0), sum: 0, count: 0 }));
      for (let i = 0; i < bounds.length; i++) if (value <= (bounds[i] as number)) s.buckets[i]! += 1;
      s.sum += value;
      s.count += 1;
    },
  };
}

/** Figures read at scrape time (a gauge of connected clients, the serving counters from the database). */
export function collect(name: string, collector: Collector): void {
  registry().collectors.set(name, collector);
}

export async function gather(): Promise<Family[]> {
  const r = registry();
  const collected = await Promise.all([...r.collectors.values()].map((c) => c()));
  return [...r.families.values(), ...collected.flat()];
}

// ---------------------------------------------------------------------------------------------
// Text exposition format 0.0.4

function escapeLabel(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return "";
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`;
}

function num(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export function renderExposition(families: readonly Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    if (f.type === "histogram") {
      for (const s of f.series) {
        f.bounds.forEach((b, i) => out.push(`${f.name}_bucket${labelText(s.labels, ["le", num(b)])} ${s.buckets[i] ?? 0}`));
        out.push(`${f.name}_bucket${labelText(s.labels, ["le", "+Inf"])} ${s.count}`);
        out.push(`${f.name}_sum${labelText(s.labels)} ${num(s.sum)}`, `${f.name}_count${labelText(s.labels)} ${s.count}`);
      }
    } else {
      for (const s of f.series) out.push(`${f.name}${labelText(s.labels)} ${num(s.value)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
