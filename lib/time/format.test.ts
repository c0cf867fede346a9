import { describe, expect, it } from "vitest";
import {
  effectiveZone,
  formatAxisTick,
  formatClock,
  formatDate,
  formatDateTime,
  formatDateTimeMinute,
  formatOffset,
  formatRangeMinute,
  toDateTimeLocalValue,
  wallClockToEpoch,
  zoneSuffix,
  type TimeZoneChoice,
} from "./format";

const AT = Date.parse("2026-12-04T16:05:09.750Z");
const utc: TimeZoneChoice = { mode: "utc", zone: "Asia/Kolkata" };
const kolkata: TimeZoneChoice = { mode: "local", zone: "Asia/Kolkata" };
const berlin: TimeZoneChoice = { mode: "local", zone: "Europe/Berlin" };
const newYork: TimeZoneChoice = { mode: "local", zone: "America/New_York" };

describe("formatDateTime", () => {
  it("shows UTC as an ISO-like 24-hour time, whatever zone is remembered", () => {
    expect(formatDateTime(AT, utc)).toBe("2026-12-04 16:05:09 UTC");
    expect(formatDateTime(AT)).toBe("2026-12-04 16:05:09 UTC");
  });

  it("shows local time with the zone's offset at that instant", () => {
    expect(formatDateTime(AT, kolkata)).toBe("2026-12-04 21:35:09 +05:30");
    expect(formatDateTime(AT, berlin)).toBe("2026-12-04 17:05:09 +01:00");
    expect(formatDateTime(Date.parse("2026-07-04T16:05:09Z"), berlin)).toBe("2026-07-04 18:05:09 +02:00");
    expect(formatDateTime(AT, newYork)).toBe("2026-12-04 11:05:09 -05:00");
  });

  it("rolls the date over in the viewer's zone", () => {
    expect(formatDateTime("2026-12-31T20:00:00Z", kolkata)).toBe("2027-01-01 01:30:00 +05:30");
  });

  it("uses 00 for midnight, never 24", () => {
    expect(formatDateTime("2026-12-04T23:00:00Z", berlin)).toBe("2026-12-05 00:00:00 +01:00");
  });

  it("accepts Dates, ISO strings and epoch ms, and says — for what is not a time", () => {
    expect(formatDateTime(new Date(AT), utc)).toBe(formatDateTime("2026-12-04T16:05:09.750Z", utc));
    expect(formatDateTime("not a date", kolkata)).toBe("—");
  });

  it("falls back to UTC for a zone the runtime does not know", () => {
    const bogus: TimeZoneChoice = { mode: "local", zone: "Mars/Olympus_Mons" };
    expect(effectiveZone(bogus)).toBe("UTC");
    expect(formatDateTime(AT, bogus)).toBe("2026-12-04 16:05:09 UTC");
  });
});

describe("shorter forms of the same format", () => {
  it("to the minute, as a day, as a clock", () => {
    expect(formatDateTimeMinute(AT, utc)).toBe("2026-12-04 16:05 UTC");
    expect(formatDateTimeMinute(AT, kolkata)).toBe("2026-12-04 21:35 +05:30");
    expect(formatDate("2026-12-04T20:00:00Z", kolkata)).toBe("2026-12-05");
    expect(formatClock(AT, kolkata)).toBe("21:35");
  });

  it("a range names its zone once, or each end when the offset changes in between", () => {
    const from = Date.parse("2026-12-03T16:05:00Z");
    expect(formatRangeMinute(from, AT, utc)).toBe("2026-12-03 16:05 – 2026-12-04 16:05 UTC");
    expect(formatRangeMinute(from, AT, kolkata)).toBe("2026-12-03 21:35 – 2026-12-04 21:35 +05:30");
    expect(formatRangeMinute(Date.parse("2026-03-28T12:00:00Z"), Date.parse("2026-03-29T12:00:00Z"), berlin)).toBe(
      "2026-03-28 13:00 +01:00 – 2026-03-29 14:00 +02:00",
    );
  });

  it("axis ticks: time of day within two days, day and hour within eight, the day beyond", () => {
    expect(formatAxisTick(AT, 86_400_000, kolkata)).toBe("21:35");
    expect(formatAxisTick(AT, 7 * 86_400_000, utc)).toBe("12-04 16h");
    expect(formatAxisTick(AT, 30 * 86_400_000, kolkata)).toBe("12-04");
  });

  it("zone suffixes and offsets", () => {
    expect(zoneSuffix(AT, utc)).toBe("UTC");
    expect(zoneSuffix(AT, kolkata)).toBe("+05:30");
    expect(formatOffset(-210)).toBe("-03:30");
    expect(formatOffset(0)).toBe("+00:00");
  });
});

describe("datetime-local values", () => {
  it("shows an instant as the wall clock of the chosen zone and reads it back", () => {
    expect(toDateTimeLocalValue(AT, utc)).toBe("2026-12-04T16:05");
    expect(toDateTimeLocalValue(AT, kolkata)).toBe("2026-12-04T21:35");
    expect(wallClockToEpoch("2026-12-04T21:35", "Asia/Kolkata")).toBe(Date.parse("2026-12-04T16:05:00Z"));
    expect(wallClockToEpoch("2026-12-04T16:05", "UTC")).toBe(Date.parse("2026-12-04T16:05:00Z"));
  });

  it("reads wall clocks on both sides of a change of offset", () => {
    expect(wallClockToEpoch("2026-03-29T01:30", "Europe/Berlin")).toBe(Date.parse("2026-03-29T00:30:00Z"));
    expect(wallClockToEpoch("2026-03-29T03:30", "Europe/Berlin")).toBe(Date.parse("2026-03-29T01:30:00Z"));
    expect(wallClockToEpoch("2026-10-25T12:00:00", "Europe/Berlin")).toBe(Date.parse("2026-10-25T11:00:00Z"));
  });

  it("refuses what is not a wall-clock reading", () => {
    expect(wallClockToEpoch("2026-12-04 16:05", "UTC")).toBeNull();
    expect(wallClockToEpoch("yesterday", "Asia/Kolkata")).toBeNull();
  });
});
