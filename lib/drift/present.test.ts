import { describe, expect, it } from "vitest";
import { cellColour, cellText, histogramBars, psiHue, psiSeries } from "./present";

const t = { psiWarn: 0.1, psiAlert: 0.25 };

describe("psiHue", () => {
  it("runs green → amber → red across the thresholds", () => {
    expect(psiHue(0, t)).toBe(140);
    expect(psiHue(0.05, t)).toBeCloseTo(92.5);
    expect(psiHue(0.1, t)).toBe(45);
    expect(psiHue(0.25, t)).toBe(0);
    expect(psiHue(3, t)).toBe(0);
  });
});

describe("cells", () => {
  it("draws unjudged cells grey and alerts red whatever raised them", () => {
    expect(cellColour({ psi: null, level: "too_few" }, t).background).toBe("#f1f5f9");
    expect(cellColour({ psi: 0.02, level: "alert" }, t).background).toBe("hsl(0 85% 72%)");
  });

  it("says why a cell has no number", () => {
    const base = { feature: "f", psi: null, js: null, ks: null };
    expect(cellText({ ...base, sample: 12, level: "too_few" })).toBe("too few");
    expect(cellText({ ...base, sample: 0, level: "too_few" })).toBe("no data");
    expect(cellText({ ...base, sample: 900, level: "no_baseline" })).toBe("no baseline");
    expect(cellText({ ...base, psi: 0.31234, js: 0.2, sample: 900, level: "alert" })).toBe("0.31");
  });
});

describe("chart data", () => {
  it("gives percentages per bin and keeps a side without data empty", () => {
    expect(histogramBars({ bins: [{ label: "a", baseline: 0.12345, current: null }] })).toEqual([
      { label: "a", baseline: 12.35, current: null },
    ]);
  });

  it("keeps hours without enough events as gaps", () => {
    expect(psiSeries({ series: [{ t: "2026-12-01T10:00:00.000Z", sample: 3, psi: null, js: null }] })).toEqual([
      { t: Date.parse("2026-12-01T10:00:00.000Z"), psi: null, sample: 3 },
    ]);
  });
});
