import { describe, expect, it } from "vitest";
import { jsDistance, ksBinned, psi, PSI_EPSILON } from "./metrics";

describe("psi", () => {
  it("is 0 for identical distributions, whatever the scale", () => {
    expect(psi([10, 20, 70], [1, 2, 7])).toBeCloseTo(0, 12);
  });

  it("matches a hand computation", () => {
    // b = (0.5, 0.5), c = (0.25, 0.75):
    // (0.25 − 0.5)·ln(0.5) + (0.75 − 0.5)·ln(1.5) = 0.25·ln 2 + 0.25·ln 1.5 = 0.2746530722
    expect(psi([50, 50], [25, 75])).toBeCloseTo(0.2746530722, 9);
  });

  it("floors an empty slot at the epsilon instead of going infinite", () => {
    // b = (1, 0), c = (0.5, 0.5): (0.5 − 1)·ln 0.5 + (0.5 − ε)·ln(0.5 / ε)
    const expected = -0.5 * Math.log(0.5) + (0.5 - PSI_EPSILON) * Math.log(0.5 / PSI_EPSILON);
    expect(psi([10, 0], [5, 5])).toBeCloseTo(expected, 12);
    expect(psi([10, 0], [5, 5])).toBeCloseTo(4.6043, 4);
  });

  it("adds nothing for a slot empty on both sides", () => {
    expect(psi([50, 50, 0], [25, 75, 0])).toBeCloseTo(psi([50, 50], [25, 75]) as number, 12);
  });

  it("is null when either side has no data", () => {
    expect(psi([0, 0], [1, 2])).toBeNull();
    expect(psi([1, 2], [0, 0])).toBeNull();
    expect(psi([0, 0], [0, 0])).toBeNull();
  });

  it("refuses histograms binned differently", () => {
    expect(() => psi([1, 2], [1, 2, 3])).toThrow(/binned alike/);
  });
});

describe("jsDistance", () => {
  it("is 0 for identical and 1 for disjoint distributions", () => {
    expect(jsDistance([3, 1], [6, 2])).toBeCloseTo(0, 12);
    expect(jsDistance([1, 0], [0, 1])).toBeCloseTo(1, 12);
  });

  it("matches a hand computation with an empty slot", () => {
    // p = (1, 0), q = (0.5, 0.5), m = (0.75, 0.25)
    // JSD = ½·1·log2(1/0.75) + ½·(0.5·log2(0.5/0.75) + 0.5·log2(0.5/0.25)) = 0.3112781245
    expect(jsDistance([4, 0], [2, 2])).toBeCloseTo(Math.sqrt(0.3112781245), 9);
  });

  it("is symmetric", () => {
    expect(jsDistance([50, 30, 20], [10, 10, 80])).toBeCloseTo(jsDistance([10, 10, 80], [50, 30, 20]) as number, 12);
  });

  it("is null without data", () => {
    expect(jsDistance([0, 0], [0, 0])).toBeNull();
    expect(jsDistance([1, 0], [0, 0])).toBeNull();
  });
});

describe("ksBinned", () => {
  it("is the largest CDF gap in the given order", () => {
    // CDFs: b = 0.2, 0.5, 1.0; c = 0.5, 0.9, 1.0 → gaps 0.3, 0.4, 0
    expect(ksBinned([2, 3, 5], [5, 4, 1], [0, 1, 2])).toBeCloseTo(0.4, 12);
  });

  it("follows the order, not the storage layout", () => {
    // storage [bin0, bin1, below]; value order below, bin0, bin1
    // b in order = (0, 0.5, 0.5) → 0, 0.5, 1; c in order = (0.5, 0.5, 0) → 0.5, 1, 1
    expect(ksBinned([5, 5, 0], [5, 0, 5], [2, 0, 1])).toBeCloseTo(0.5, 12);
  });

  it("leaves out slots not in the order and renormalises", () => {
    // slot 2 is "missing": ignored; b = (0.5, 0.5), c = (0.5, 0.5)
    expect(ksBinned([5, 5, 100], [1, 1, 0], [0, 1])).toBeCloseTo(0, 12);
  });

  it("is null without an order (categorical) or without data", () => {
    expect(ksBinned([1, 2], [2, 1], null)).toBeNull();
    expect(ksBinned([0, 0, 3], [1, 1, 0], [0, 1])).toBeNull();
  });
});
