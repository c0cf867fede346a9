/**
 * Prediction drift reads the score histograms the telemetry rollups already keep
 * (MetricRollup, hourly per tenant, SCORE_BUCKETS buckets over [0, 1]) and regroups them into
 * SCORE_SLOTS equal slots, coarse enough for PSI to be stable at a few hundred events.
 * Pure and client-safe.
 */
import { SCORE_BUCKETS } from "../telemetry/histogram";

export const SCORE_SLOTS = 10;
const PER_SLOT = SCORE_BUCKETS / SCORE_SLOTS;

/** The DriftAlertState / API name of the prediction column (not a valid manifest feature name to clash with). */
export const PREDICTION = "@prediction";

/** Slot of a (0-based) score bucket. */
export function scoreSlot(bucket: number): number {
  return Math.min(SCORE_SLOTS - 1, Math.max(0, Math.floor(bucket / PER_SLOT)));
}

export function scoreSlotLabels(): string[] {
  return Array.from({ length: SCORE_SLOTS }, (_, i) => `${(i / SCORE_SLOTS).toFixed(1)}–${((i + 1) / SCORE_SLOTS).toFixed(1)}`);
}

export const SCORE_ORDER: number[] = Array.from({ length: SCORE_SLOTS }, (_, i) => i);
