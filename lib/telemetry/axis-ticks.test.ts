import { describe, expect, it } from "vitest";
import { niceTicks, valueAxis } from "./axis-ticks";

describe("value axis", () => {
  it("covers the data with nice, evenly spaced ticks from 0", () => {
    expect(niceTicks(87)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0.031)).toEqual([0, 0.01, 0.02, 0.03, 0.04]);
    expect(niceTicks(1200)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(0)).toBeNull();
    expect(niceTicks(Number.NaN)).toBeNull();
  });

  it("draws a series of real zeros on a small axis from 0, not recharts' 0–4", () => {
    const axis = valueAxis(
      "fraction",
      [
        { t: 0, a: 0 },
        { t: 1, a: 0 },
      ],
      ["a"],
    )!;
    expect(axis.domain).toEqual([0, 0.01]);
    expect(axis.ticks.map(axis.label)).toEqual(["0 %", "0.25 %", "0.5 %", "0.75 %", "1 %"]);
    expect(valueAxis("fraction", [{ t: 0, a: null }], ["a"])).toBeNull();
  });

  it("never labels two cost ticks the same ($0.02 $0.02)", () => {
    const rows = [
      { t: 0, a: 0.021 },
      { t: 1, a: 0.024 },
    ];
    const axis = valueAxis("usd_per_1k", rows, ["a"])!;
    const labels = axis.ticks.map(axis.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels).toEqual(["$0", "$0.01", "$0.02", "$0.03"]);
  });

  it("adds decimals only where the usual precision would repeat or round a tick", () => {
    const rows = [{ t: 0, a: 0.0009 }];
    const labels = (() => {
      const axis = valueAxis("usd_per_1k", rows, ["a"])!;
      return axis.ticks.map(axis.label);
    })();
    expect(labels).toEqual(["$0", "$0.00025", "$0.0005", "$0.00075", "$0.001"]);
    const ms = valueAxis("ms", [{ t: 0, a: 180 }], ["a"])!;
    expect(ms.ticks.map(ms.label)).toEqual(["0 ms", "50 ms", "100 ms", "150 ms", "200 ms"]);
  });

  it("reaches the threshold lines as well as the data, and ignores gaps", () => {
    const axis = valueAxis("fraction", [{ t: 0, a: 0.004, b: null }], ["a", "b"], [0.01])!;
    expect(axis.domain).toEqual([0, 0.01]);
    expect(axis.ticks.map(axis.label)).toEqual(["0 %", "0.25 %", "0.5 %", "0.75 %", "1 %"]);
  });
});
