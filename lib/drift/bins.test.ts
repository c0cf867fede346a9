import { describe, expect, it } from "vitest";
import { cdfOrder, featuresOf, manifestBaseline, sameBins, slotCount, slotLabels, slotOf, type FeatureSpec } from "./bins";

const amount: FeatureSpec = { name: "amount_eur", kind: "numeric", bins: [0, 10, 50, 200], baseline: [5, 3, 2] };
const merchant: FeatureSpec = { name: "merchant_category", kind: "categorical", categories: ["grocery", "travel"], baseline: [6, 3, 1] };
const present: FeatureSpec = { name: "card_present", kind: "categorical", categories: ["true", "false"] };

describe("slotOf (numeric)", () => {
  it("puts a value in the bin whose lower edge it reaches", () => {
    expect(slotOf(amount, 0)).toBe(0);
    expect(slotOf(amount, 9.99)).toBe(0);
    expect(slotOf(amount, 10)).toBe(1);
    expect(slotOf(amount, 199)).toBe(2);
  });

  it("closes the last bin at the last edge", () => {
    expect(slotOf(amount, 200)).toBe(2);
  });

  it("counts values outside the edges in their own slots", () => {
    expect(slotOf(amount, -1)).toBe(3);
    expect(slotOf(amount, 200.01)).toBe(4);
  });

  it("reads numeric strings and counts anything else as missing", () => {
    expect(slotOf(amount, "12.5")).toBe(1);
    expect(slotOf(amount, "lots")).toBe(5);
    expect(slotOf(amount, true)).toBe(5);
    expect(slotOf(amount, null)).toBe(5);
    expect(slotOf(amount, undefined)).toBe(5);
    expect(slotOf(amount, Number.NaN)).toBe(5);
  });
});

describe("slotOf (categorical)", () => {
  it("maps listed categories, unseen ones to other, null to missing", () => {
    expect(slotOf(merchant, "travel")).toBe(1);
    expect(slotOf(merchant, "crypto")).toBe(2);
    expect(slotOf(merchant, null)).toBe(3);
  });

  it("compares as strings", () => {
    expect(slotOf(present, true)).toBe(0);
    expect(slotOf(present, false)).toBe(1);
    expect(slotOf(present, "maybe")).toBe(2);
  });
});

describe("layout", () => {
  it("labels every slot", () => {
    expect(slotCount(amount)).toBe(6);
    expect(slotLabels(amount)).toEqual(["0–10", "10–50", "50–200", "< 0", "> 200", "missing"]);
    expect(slotLabels(merchant)).toEqual(["grocery", "travel", "other", "missing"]);
  });

  it("lays the manifest baseline on the slots, zero where training counted nothing", () => {
    expect(manifestBaseline(amount)).toEqual([5, 3, 2, 0, 0, 0]);
    expect(manifestBaseline(merchant)).toEqual([6, 3, 1, 0]);
    expect(manifestBaseline({ ...merchant, baseline: [6, 3] })).toEqual([6, 3, 0, 0]);
    expect(manifestBaseline(present)).toBeNull();
  });

  it("orders numeric slots by value for the CDF and has none for categories", () => {
    expect(cdfOrder(amount)).toEqual([3, 0, 1, 2, 4]);
    expect(cdfOrder(merchant)).toBeNull();
  });

  it("tells whether two specs bin alike", () => {
    expect(sameBins(amount, { ...amount, baseline: undefined })).toBe(true);
    expect(sameBins(amount, { ...amount, bins: [0, 10, 50, 300] })).toBe(false);
    expect(sameBins(merchant, present)).toBe(false);
  });

  it("reads features from a stored manifest, skipping malformed entries", () => {
    const specs = featuresOf({
      features: [
        { name: "amount_eur", kind: "numeric", bins: [0, 1] },
        { name: "broken", kind: "numeric" },
        { name: "c", kind: "categorical", categories: ["a"], baseline: [1, 2] },
      ],
    });
    expect(specs.map((s) => s.name)).toEqual(["amount_eur", "c"]);
    expect(featuresOf({})).toEqual([]);
    expect(featuresOf(null)).toEqual([]);
  });
});
