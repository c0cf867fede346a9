import { describe, expect, it } from "vitest";
import { formatRelativeTime, formatUtc, toEpochMs } from "./relative-time-format";

const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const ago = (ms: number) => formatRelativeTime(now - ms, now);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe("formatRelativeTime", () => {
  it("says just now under a minute", () => {
    expect(ago(0)).toBe("just now");
    expect(ago(59_999)).toBe("just now");
  });
  it("counts minutes, hours, days, months, years", () => {
    expect(ago(MIN)).toBe("1 min ago");
    expect(ago(3 * MIN + 30_000)).toBe("3 min ago");
    expect(ago(59 * MIN)).toBe("59 min ago");
    expect(ago(HOUR)).toBe("1 hour ago");
    expect(ago(23 * HOUR)).toBe("23 hours ago");
    expect(ago(DAY)).toBe("yesterday");
    expect(ago(2 * DAY)).toBe("2 days ago");
    expect(ago(29 * DAY)).toBe("29 days ago");
    expect(ago(30 * DAY)).toBe("1 month ago");
    expect(ago(200 * DAY)).toBe("6 months ago");
    expect(ago(365 * DAY)).toBe("1 year ago");
    expect(ago(800 * DAY)).toBe("2 years ago");
  });
  it("reads future times as in …", () => {
    expect(ago(-10_000)).toBe("just now");
    expect(ago(-5 * MIN)).toBe("in 5 min");
    expect(ago(-DAY)).toBe("tomorrow");
    expect(ago(-3 * DAY)).toBe("in 3 days");
  });
});

describe("formatUtc", () => {
  it("prints the instant in UTC to the second", () => {
    expect(formatUtc(Date.UTC(2026, 0, 15, 14, 3, 22, 900))).toBe("2026-01-15 14:03:22 UTC");
  });
});

describe("toEpochMs", () => {
  it("accepts Date, ISO string and epoch ms", () => {
    expect(toEpochMs(new Date(now))).toBe(now);
    expect(toEpochMs(new Date(now).toISOString())).toBe(now);
    expect(toEpochMs(now)).toBe(now);
    expect(toEpochMs("not a date")).toBeNaN();
  });
});
