/** How long a job waits after failed passes: doubling from `initialMs` up to `maxMs`. */
export type Backoff = {
  /** the wait after the first failed pass */
  initialMs: number;
  /** the longest wait, however long the failures last */
  maxMs: number;
};

/** The share of a wait that jitter may take off, so instances that failed together spread out. */
export const JITTER = 0.2;

/**
 * The wait after the `failures`-th failed pass in a row: initialMs × 2^(failures−1), capped at
 * maxMs, then shortened by up to JITTER × it (`random` in [0, 1); 0 takes nothing off).
 */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 30);
  const wait = Math.min(backoff.maxMs, backoff.initialMs * 2 ** doublings);
  return Math.round(wait * (1 - JITTER * random()));
}
