import { describe, expect, it } from "vitest";
import { chartCoverage, coverageText, formatSpan } from "./chart-coverage";

const MIN = 60_000;
const HOUR = 60 * MIN;

function chart(values: (number | null)[][], stepMs: number) {
  return {
    stepMs,
    series: [{ key: "a" }, { key: "b" }].map((s) => ({ ...s, label: s.key, color: "#000", points: 0 })),
    rows: values.map(([a, b], i) => ({ t: i * stepMs, a: a ?? null, b: b ?? null })),
  };
}

describe("chartCoverage", () => {
  it("counts the buckets where any series has a value", () => {
    const c = chartCoverage(
      chart(
        [
          [1, null],
          [null, null],
          [null, 2],
          [0, 0],
        ],
        15 * MIN,
      ),
      0,
      HOUR,
    );
    expect(c).toEqual({ coveredMs: 45 * MIN, rangeMs: HOUR, partial: true });
    expect(coverageText(c)).toBe("Data for 45 min of the 1 h shown");
  });

  it("says nothing when every bucket has data, or none has", () => {
    expect(
      coverageText(
        chartCoverage(
          chart(
            [
              [1, 1],
              [2, null],
            ],
            30 * MIN,
          ),
          0,
          HOUR,
        ),
      ),
    ).toBeNull();
    expect(coverageText(chartCoverage(chart([[null, null]], HOUR), 0, HOUR))).toBeNull();
  });

  it("counts only the part of a bucket inside the range", () => {
    // 24 h range ending at 10:05: the last hourly bucket holds 5 minutes of the range
    const to = 24 * HOUR + 5 * MIN;
    const from = 5 * MIN;
    const rows = Array.from({ length: 25 }, (_, i) => [i >= 21 ? 1 : null, null]);
    const c = chartCoverage(chart(rows, HOUR), from, to);
    expect(formatSpan(c.coveredMs)).toBe("3 h 5 min");
    expect(coverageText(c)).toBe("Data for 3 h 5 min of the 24 h shown");
  });
});

describe("chartCoverage with the requested span", () => {
  it("measures against the span asked for, not the series' bucket-aligned one", () => {
    // a 1 h range from 09:00:30 is served from 09:00: 61 one-minute buckets
    const rows = Array.from({ length: 61 }, (_, i) => [i >= 41 ? 1 : null, null]);
    const c = chartCoverage(chart(rows, MIN), 0, 61 * MIN, HOUR);
    expect(coverageText(c)).toBe("Data for 20 min of the 1 h shown");
  });
});

describe("formatSpan", () => {
  it("reads as people say it", () => {
    expect(formatSpan(10 * MIN)).toBe("10 min");
    expect(formatSpan(3 * HOUR + 10 * MIN)).toBe("3 h 10 min");
    expect(formatSpan(2 * HOUR)).toBe("2 h");
    expect(formatSpan(52 * HOUR)).toBe("2 d 4 h");
    expect(formatSpan(7 * 24 * HOUR)).toBe("7 d");
    expect(formatSpan(20_000)).toBe("under 1 min");
  });
});
