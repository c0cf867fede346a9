import { describe, expect, it } from "vitest";
import { parseChartRange, rangeQuery, refreshIntervalMs, resolveRange } from "./chart-range";

const NOW = Date.parse("2026-01-15T12:00:00Z");

describe("parseChartRange", () => {
  it("reads presets and defaults to 24 h", () => {
    expect(parseChartRange({ range: "7d" })).toEqual({ key: "7d", issue: null });
    expect(parseChartRange({})).toEqual({ key: "24h", issue: null });
    expect(parseChartRange({ range: "13w" })).toEqual({ key: "24h", issue: null });
  });
  it("reads a custom range, datetime-local text as UTC", () => {
    expect(parseChartRange({ range: "custom", from: "2026-01-15T09:00", to: "2026-01-15T10:30:00Z" })).toEqual({
      key: "custom",
      from: Date.parse("2026-01-15T09:00:00Z"),
      to: Date.parse("2026-01-15T10:30:00Z"),
      issue: null,
    });
  });

  it("reads datetime-local text in the zone the form sent (tz), ISO instants as they are", () => {
    expect(parseChartRange({ range: "custom", from: "2026-01-15T09:00", to: "2026-01-15T10:30:00Z", tz: "Asia/Kolkata" })).toEqual({
      key: "custom",
      from: Date.parse("2026-01-15T03:30:00Z"),
      to: Date.parse("2026-01-15T10:30:00Z"),
      issue: null,
    });
  });
  it("names the field of a bad custom range", () => {
    expect(parseChartRange({ range: "custom", to: "2026-01-15T10:00" }).issue?.path).toBe("from");
    expect(parseChartRange({ range: "custom", from: "yesterday", to: "2026-01-15T10:00" }).issue).toMatchObject({ path: "from" });
    expect(parseChartRange({ range: "custom", from: "2026-01-15T10:00", to: "2026-01-15T09:00" }).issue).toMatchObject({
      path: "to",
      message: "The end must be after the start.",
    });
    expect(parseChartRange({ range: "custom", from: "2025-01-01T00:00", to: "2026-01-01T00:00" }).issue?.path).toBe("from");
  });
});

describe("resolveRange and refresh", () => {
  it("ends presets now and keeps custom ranges fixed", () => {
    expect(resolveRange({ key: "1h", issue: null }, NOW)).toEqual({ from: NOW - 3_600_000, to: NOW });
    expect(resolveRange({ key: "custom", from: 1, to: 2, issue: null }, NOW)).toEqual({ from: 1, to: 2 });
  });
  it("polls short ranges often, long ones slowly, and past custom ranges never", () => {
    expect(refreshIntervalMs({ key: "1h", issue: null }, NOW)).toBe(10_000);
    expect(refreshIntervalMs({ key: "30d", issue: null }, NOW)).toBe(60_000);
    expect(refreshIntervalMs({ key: "custom", from: 0, to: NOW - 3_600_000, issue: null }, NOW)).toBe(false);
    expect(refreshIntervalMs({ key: "custom", from: 0, to: NOW + 1, issue: null }, NOW)).toBe(10_000);
  });
  it("writes the range back to the URL", () => {
    expect(
      rangeQuery({ key: "custom", from: Date.parse("2026-01-15T09:00:00Z"), to: Date.parse("2026-01-15T10:00:00Z"), issue: null }),
    ).toEqual({
      range: "custom",
      from: "2026-01-15T09:00:00.000Z",
      to: "2026-01-15T10:00:00.000Z",
    });
  });
});
