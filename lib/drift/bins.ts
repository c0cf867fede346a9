/**
 * Bin layout of a drift feature, shared by ingest (value → slot), the queries (slot labels,
 * baselines) and the metrics. Pure and client-safe.
 *
 * A feature's histogram (FeatureHistogram.counts) has these slots, in this order:
 *   numeric, edges e0 < … < en:   [e0, e1), …, [e(n-1), en]  (n bins, the last one closed),
 *                                 then "< e0", "> en", "missing"          → n + 3 slots
 *   categorical, categories c1…ck: c1, …, ck, then "other", "missing"      → k + 2 slots
 * Values outside the training range and categories the training data did not list get their
 * own slot, so they show up as drift rather than being folded into an edge bin.
 *
 * Missing values: an event that sends no `features` object is not counted for any feature (an
 * older client that never sent them is not drift). An event that sends `features` but omits a
 * feature, or sends null for it, counts in that feature's "missing" slot: a pipeline that
 * stopped filling a field is drift a product owner wants to see. A numeric feature given
 * something that is not a finite number (or a numeric string) counts as missing too.
 * Categorical values are compared as strings: true → "true", 3 → "3".
 */

export type NumericFeature = { name: string; kind: "numeric"; bins: number[]; baseline?: number[] };
export type CategoricalFeature = { name: string; kind: "categorical"; categories: string[]; baseline?: number[] };
export type FeatureSpec = NumericFeature | CategoricalFeature;

export type FeatureValue = number | string | boolean | null | undefined;

/** How many slots the feature's histogram has (see the layout above). */
export function slotCount(spec: FeatureSpec): number {
  return spec.kind === "numeric" ? spec.bins.length - 1 + 3 : spec.categories.length + 2;
}

export function missingSlot(spec: FeatureSpec): number {
  return slotCount(spec) - 1;
}

function numericValue(v: FeatureValue): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** The slot a value falls in (always a valid index: missing and unknown values have slots). */
export function slotOf(spec: FeatureSpec, value: FeatureValue): number {
  if (value === null || value === undefined) return missingSlot(spec);
  if (spec.kind === "categorical") {
    const i = spec.categories.indexOf(String(value));
    return i >= 0 ? i : spec.categories.length;
  }
  const x = numericValue(value);
  if (x === null) return missingSlot(spec);
  const edges = spec.bins;
  const n = edges.length - 1;
  const first = edges[0] as number;
  const last = edges[n] as number;
  if (x < first) return n;
  if (x > last) return n + 1;
  if (x === last) return n - 1;
  // binary search for the last edge ≤ x
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((edges[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const fmt = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 6 });

/** Human labels of the slots, in slot order ("10–50", "< 0", "other", "missing"). */
export function slotLabels(spec: FeatureSpec): string[] {
  if (spec.kind === "categorical") return [...spec.categories, "other", "missing"];
  const e = spec.bins;
  const labels: string[] = [];
  for (let i = 0; i < e.length - 1; i++) labels.push(`${fmt(e[i] as number)}–${fmt(e[i + 1] as number)}`);
  labels.push(`< ${fmt(e[0] as number)}`, `> ${fmt(e[e.length - 1] as number)}`, "missing");
  return labels;
}

/**
 * The manifest's training counts laid out on the slots (zeros for the slots training did not
 * count), or null when the manifest gives none.
 */
export function manifestBaseline(spec: FeatureSpec): number[] | null {
  if (!spec.baseline || spec.baseline.length === 0) return null;
  const out = new Array<number>(slotCount(spec)).fill(0);
  const given = spec.kind === "numeric" ? spec.bins.length - 1 : spec.categories.length + 1;
  for (let i = 0; i < Math.min(given, spec.baseline.length); i++) out[i] = spec.baseline[i] as number;
  return out;
}

/**
 * Slot indices in value order for a CDF (numeric only: "< e0", the bins, "> en"; missing is
 * left out, it has no place on the axis). Null for a categorical feature: its categories have
 * no order, so KS does not apply.
 */
export function cdfOrder(spec: FeatureSpec): number[] | null {
  if (spec.kind === "categorical") return null;
  const n = spec.bins.length - 1;
  return [n, ...Array.from({ length: n }, (_, i) => i), n + 1];
}

/** Whether two versions bin a feature identically, so their counts may be added. */
export function sameBins(a: FeatureSpec, b: FeatureSpec): boolean {
  if (a.kind !== b.kind) return false;
  const x = a.kind === "numeric" ? a.bins : a.categories;
  const y = b.kind === "numeric" ? (b as NumericFeature).bins : (b as CategoricalFeature).categories;
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The drift features of a stored manifest (JSON), skipping entries that are not well formed. */
export function featuresOf(manifest: unknown): FeatureSpec[] {
  const list = (manifest as { features?: unknown } | null)?.features;
  if (!Array.isArray(list)) return [];
  const out: FeatureSpec[] = [];
  for (const f of list as Record<string, unknown>[]) {
    if (typeof f?.name !== "string") continue;
    const baseline = Array.isArray(f.baseline) ? (f.baseline as number[]) : undefined;
    if (f.kind === "numeric" && Array.isArray(f.bins) && f.bins.length >= 2) {
      out.push({ name: f.name, kind: "numeric", bins: f.bins as number[], baseline });
    } else if (f.kind === "categorical" && Array.isArray(f.categories)) {
      out.push({ name: f.name, kind: "categorical", categories: (f.categories as unknown[]).map(String), baseline });
    }
  }
  return out;
}
