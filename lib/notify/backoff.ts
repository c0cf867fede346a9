/**
 * When a failed delivery is tried again. Eight tries in all: the first at once, then after
 * 1 min, 5 min, 15 min, 1 h, 3 h, 6 h and 12 h (≈ 22 h in total), each wait stretched or
 * shrunk by up to 20 % so deliveries that failed together (a receiver's outage) do not all
 * come back in the same second. After the eighth failure the delivery is dead; an admin can
 * redeliver it.
 */

export const MAX_ATTEMPTS = 8;

/** Wait after the n-th failed attempt (index n - 1), before jitter. */
export const RETRY_DELAYS_MS = [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000] as const;

export const JITTER = 0.2;

/**
 * Milliseconds to wait after `attempts` failed attempts, or null when that was the last one.
 * `random` returns [0, 1) like Math.random (tests fix it).
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const base = RETRY_DELAYS_MS[Math.max(1, attempts) - 1]!;
  const factor = 1 - JITTER + 2 * JITTER * Math.min(Math.max(random(), 0), 1);
  return Math.round(base * factor);
}
