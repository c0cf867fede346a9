// Input features as a fraud-scoring service would log them, drawn from the manifest's own
// baseline (its bins and counts are the contract drift is measured against). A tenant that
// drifts draws from other weights on the same bins.
import { pickIndex, type Rng } from "./random";

/** A manifest feature (README → Register your first model from CI). */
export type FeatureSpec = {
  name: string;
  kind: "numeric" | "categorical";
  bins?: number[];
  categories?: string[];
  baseline?: number[];
};

export type FeatureValue = number | string;

/** Bin weights per feature name that replace the baseline for a drifting tenant. */
export type FeatureShift = Record<string, readonly number[]>;

/**
 * Values outside a categorical feature's list (its baseline's last, "other" count): what a
 * card network really sends that the training snapshot did not name.
 */
export const UNSEEN_CATEGORIES = ["crypto_exchange", "money_transfer", "pawn_shop", "jewelry", "digital_goods"] as const;

const round2 = (v: number) => Math.round(v * 100) / 100;

/** A value inside [lo, hi): log-uniform when the bin spans orders of magnitude, so amounts look like amounts. */
function valueInBin(rng: Rng, lo: number, hi: number): number {
  const u = rng();
  const v = lo > 0 && hi / lo > 4 ? lo * Math.pow(hi / lo, u) : lo + (hi - lo) * u;
  const r = round2(v);
  // rounding must not push a value onto the next bin's edge
  return r >= hi ? round2(hi - 0.01) : r < lo ? lo : r;
}

type Sampler = (rng: Rng) => FeatureValue;

function samplerFor(f: FeatureSpec, weights: readonly number[] | undefined): Sampler | null {
  if (f.kind === "numeric") {
    const bins = f.bins;
    if (!bins || bins.length < 2) return null;
    const w =
      weights && weights.length === bins.length - 1
        ? weights
        : f.baseline && f.baseline.length === bins.length - 1
          ? f.baseline
          : bins.slice(1).map(() => 1);
    return (rng) => {
      const i = pickIndex(rng, w);
      return valueInBin(rng, bins[i]!, bins[i + 1]!);
    };
  }
  const cats = f.categories;
  if (!cats || cats.length === 0) return null;
  const n = cats.length;
  const fits = (x: readonly number[] | undefined) => x !== undefined && (x.length === n || x.length === n + 1);
  const w = fits(weights) ? weights! : fits(f.baseline) ? f.baseline! : cats.map(() => 1);
  const unseen = UNSEEN_CATEGORIES.filter((c) => !cats.includes(c));
  return (rng) => {
    const i = pickIndex(rng, w);
    if (i < n) return cats[i]!;
    return unseen.length ? unseen[Math.floor(rng() * unseen.length)]! : `other_${Math.floor(rng() * 5)}`;
  };
}

/** Draws one event's `features` for a version's manifest features; `shift` replaces some baselines. */
export function featureSampler(features: readonly FeatureSpec[], shift: FeatureShift = {}): (rng: Rng) => Record<string, FeatureValue> {
  const samplers: [string, Sampler][] = [];
  for (const f of features) {
    const s = samplerFor(f, shift[f.name]);
    if (s) samplers.push([f.name, s]);
  }
  return (rng) => {
    const out: Record<string, FeatureValue> = {};
    for (const [name, s] of samplers) out[name] = s(rng);
    return out;
  };
}
