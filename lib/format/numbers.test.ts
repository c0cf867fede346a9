import { describe, expect, it } from "vitest";
import {
  formatCompact,
  formatCount,
  formatMs,
  formatNumber,
  formatPercent,
  formatPercentFixed,
  formatPercentTwoDecimals,
  fractionAsPercent,
  roundTo,
  significant,
} from "./numbers";

describe("numbers without float noise", () => {
  it("rounds to at most so many decimals, dropping trailing zeros", () => {
    expect(roundTo(1.5204, 2)).toBe("1.52");
    expect(roundTo(12.5, 2)).toBe("12.5");
    expect(roundTo(123.4, 0)).toBe("123");
    expect(roundTo(0.1 + 0.2, 3)).toBe("0.3");
  });

  it("keeps so many significant digits", () => {
    expect(significant(1234.567, 4)).toBe("1235");
    expect(significant(0.000123456, 4)).toBe("0.0001235");
    expect(significant(0.12, 6)).toBe("0.12");
  });

  it("writes numbers as people do", () => {
    expect(formatNumber(0.05 * 100)).toBe("5");
    expect(formatNumber(0.007 * 100)).toBe("0.7");
    expect(formatNumber(0.93 - 0.91)).toBe("0.02");
  });

  it("keeps two significant digits, one decimal from 10 up, whole numbers whole", () => {
    expect(formatCompact(412)).toBe("412");
    expect(formatCompact(33.333)).toBe("33.3");
    expect(formatCompact(0.0123)).toBe("0.012");
    expect(formatCompact(0.1)).toBe("0.1");
    expect(formatCompact(1.25)).toBe("1.3");
  });
});

describe("counts and milliseconds", () => {
  it("formats counts with separators", () => {
    expect(formatCount(182340)).toBe("182,340");
    expect(formatCount(0.5)).toBe("0.5");
    expect(formatCount(0)).toBe("0");
  });

  it("rounds milliseconds to whole ones", () => {
    expect(formatMs(412.6)).toBe("413 ms");
    expect(formatMs(80)).toBe("80 ms");
  });
});

describe("percentages", () => {
  it("keeps whole numbers whole and cuts fractions at two decimals", () => {
    expect(formatPercent(5)).toBe("5 %");
    expect(formatPercent(12.5)).toBe("12.5 %");
    expect(formatPercent(33.3333)).toBe("33.33 %");
  });

  it("words a rollout step whole or with two decimals", () => {
    expect(formatPercentTwoDecimals(25)).toBe("25 %");
    expect(formatPercentTwoDecimals(12.5)).toBe("12.50 %");
    expect(formatPercentTwoDecimals(33.3333)).toBe("33.33 %");
  });

  it("gives columns exactly two decimals", () => {
    expect(formatPercentFixed(5)).toBe("5.00 %");
    expect(formatPercentFixed(0.4 * 100)).toBe("40.00 %");
    expect(formatPercentFixed(1.23456)).toBe("1.23 %");
  });

  it("shows fractions as percentages, without float noise", () => {
    expect(fractionAsPercent(0.005)).toBe("0.5 %");
    expect(fractionAsPercent(0.07)).toBe("7 %");
  });
});
