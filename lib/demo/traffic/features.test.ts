// Drift as the drift charts will see it: globex's fraud-score inputs are far from the training
// baseline (PSI > 0.25) while every other tenant follows it (PSI < 0.1). PSI is computed here
// with a small local helper on the manifest's own bins; lib/drift owns the real one.
import { describe, expect, it } from "vitest";
import { demoModels } from "../seed";
import { featureSampler, UNSEEN_CATEGORIES, type FeatureSpec } from "./features";
import { createEventGenerator } from "./generate";
import { DEMO_SCENARIO } from "./profiles";
import { seededRng } from "./random";

/** The features of fraud-score's PROD version in the demo (2026-06-02.1). */
const FEATURES = demoModels()
  .find((m) => m.meta.key === "fraud-score")!
  .versions.map((v) => v.manifest)
  .find((m) => m.model_version === "2026-06-02.1")!.features as FeatureSpec[];

const feature = (name: string) => FEATURES.find((f) => f.name === name)!;

function binOf(f: FeatureSpec, value: unknown): number {
  if (f.kind === "numeric") {
    const bins = f.bins!;
    const v = value as number;
    for (let i = 0; i < bins.length - 1; i++) if (v >= bins[i]! && v < bins[i + 1]!) return i;
    return -1;
  }
  const i = f.categories!.indexOf(String(value));
  return i >= 0 ? i : f.categories!.length; // the baseline's "other" count
}

function psi(f: FeatureSpec, values: unknown[]): number {
  const base = f.baseline!;
  const counts = base.map(() => 0);
  for (const v of values) counts[binOf(f, v)]!++;
  const bTotal = base.reduce((a, b) => a + b, 0);
  const eps = 1e-4;
  return counts.reduce((sum, c, i) => {
    const actual = Math.max(c / values.length, eps);
    const expected = Math.max(base[i]! / bTotal, eps);
    return sum + (actual - expected) * Math.log(actual / expected);
  }, 0);
}

function sample(tenant: string, count: number, seed: number) {
  const gen = createEventGenerator(DEMO_SCENARIO);
  const rng = seededRng(seed);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const e = gen.event(rng, {
      requestId: `r${i}`,
      model: "fraud-score",
      kind: "fraud",
      version: "2026-06-02.1",
      role: "stable",
      tenant,
      ts: 0,
      features: FEATURES,
    });
    if (e.features) out.push(e.features);
  }
  return out;
}

describe("fraud-score input features", () => {
  it("cover every feature of the manifest, with values inside its bins and categories", () => {
    const rows = sample("acme", 5000, 1);
    expect(rows.length).toBeGreaterThan(4900); // errors carry no features
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(FEATURES.map((f) => f.name).sort());
      for (const f of FEATURES) {
        const b = binOf(f, row[f.name]);
        expect(b).toBeGreaterThanOrEqual(0);
        if (f.kind === "categorical" && b === f.categories!.length) expect(UNSEEN_CATEGORIES).toContain(row[f.name]);
      }
    }
  });

  it("drift for globex: amount_eur and merchant_category PSI above 0.25; the other features stay put", () => {
    const rows = sample("globex", 20_000, 2);
    expect(
      psi(
        feature("amount_eur"),
        rows.map((r) => r.amount_eur),
      ),
    ).toBeGreaterThan(0.25);
    expect(
      psi(
        feature("merchant_category"),
        rows.map((r) => r.merchant_category),
      ),
    ).toBeGreaterThan(0.25);
    expect(
      psi(
        feature("card_present"),
        rows.map((r) => r.card_present),
      ),
    ).toBeLessThan(0.1);
    expect(
      psi(
        feature("device_age_days"),
        rows.map((r) => r.device_age_days),
      ),
    ).toBeLessThan(0.1);
    // the mass moved to large amounts and to electronics, gambling and unseen merchants
    const large = rows.filter((r) => (r.amount_eur as number) >= 200).length / rows.length;
    expect(large).toBeGreaterThan(0.45);
  });

  for (const tenant of ["acme", "initech", "wonka"]) {
    it(`no drift for ${tenant}: PSI of every feature under 0.1`, () => {
      const rows = sample(tenant, 20_000, 3);
      for (const f of FEATURES)
        expect(
          psi(
            f,
            rows.map((r) => r[f.name]),
          ),
        ).toBeLessThan(0.1);
    });
  }

  it("a shift that does not fit the bins falls back to the baseline", () => {
    const f = feature("amount_eur");
    const draw = featureSampler([f], { amount_eur: [1, 1] });
    const rng = seededRng(4);
    const values = Array.from({ length: 20_000 }, () => draw(rng).amount_eur);
    expect(psi(f, values)).toBeLessThan(0.1);
  });
});
