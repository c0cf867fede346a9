import { describe, expect, it } from "vitest";
import { MAX_ATTEMPTS, retryDelayMs, RETRY_DELAYS_MS } from "./backoff";

const MIN = 60_000;
const HOUR = 60 * MIN;
const middle = () => 0.5;

describe("retryDelayMs", () => {
  it("follows the schedule: 1 min, 5 min, 15 min, 1 h, 3 h, 6 h, 12 h", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n, middle));
    expect(waits).toEqual([1 * MIN, 5 * MIN, 15 * MIN, 1 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR]);
  });

  it("gives up after the eighth attempt", () => {
    expect(MAX_ATTEMPTS).toBe(8);
    expect(retryDelayMs(8, middle)).toBeNull();
    expect(retryDelayMs(9, middle)).toBeNull();
  });

  it("spreads eight tries over about a day", () => {
    const total = RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20 * HOUR);
    expect(total).toBeLessThan(26 * HOUR);
    // even with the longest jitter on every wait, the last try is within about a day
    const longest = [1, 2, 3, 4, 5, 6, 7].reduce((sum, n) => sum + retryDelayMs(n, () => 0.999999)!, 0);
    expect(longest).toBeLessThan(27 * HOUR);
  });

  it("jitters each wait by at most 20 % either way", () => {
    expect(retryDelayMs(1, () => 0)).toBe(48_000);
    expect(retryDelayMs(1, () => 0.999999)).toBeCloseTo(72_000, -1);
    expect(retryDelayMs(4, () => 0)).toBe(0.8 * HOUR);
    // a misbehaving random source cannot push it outside the band
    expect(retryDelayMs(1, () => 7)).toBe(72_000);
    expect(retryDelayMs(1, () => -1)).toBe(48_000);
  });

  it("treats 0 attempts like the first failure", () => {
    expect(retryDelayMs(0, middle)).toBe(MIN);
  });
});
