import { describe, expect, it } from "vitest";
import { DAY_MS, dayStart, expiredDays, partitionDay, partitionName } from "./partitions";

describe("day partitions", () => {
  it("names a UTC day and reads the name back", () => {
    const day = Date.UTC(2026, 11, 6);
    expect(partitionName(day)).toBe("Prediction_p20261206");
    expect(partitionDay("Prediction_p20261206")).toBe(day);
    expect(dayStart(day + 23 * 3_600_000 + 59_999)).toBe(day);
  });

  it("ignores tables that are not day partitions", () => {
    expect(partitionDay("Prediction_default")).toBeNull();
    expect(partitionDay("Prediction_p20261332")).toBeNull();
    expect(partitionDay("Prediction_p2026120")).toBeNull();
  });

  it("expires a day only when all of it lies before the cutoff", () => {
    const d = Date.UTC(2026, 0, 10);
    const days = [d + DAY_MS, d, d + 2 * DAY_MS];
    expect(expiredDays(days, d + DAY_MS)).toEqual([d]);
    expect(expiredDays(days, d + DAY_MS + 12 * 3_600_000)).toEqual([d]);
    expect(expiredDays(days, d + 2 * DAY_MS)).toEqual([d, d + DAY_MS]);
  });
});
