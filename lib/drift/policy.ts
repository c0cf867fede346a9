/**
 * Drift levels and the alert state machine with hysteresis. Pure and client-safe.
 *
 * A cell's level (the heatmap's colour band): alert when PSI ≥ psiAlert or JS ≥ jsAlert,
 * warn when PSI ≥ psiWarn, ok otherwise.
 *
 * The watch's state (DriftAlertState) moves with hysteresis, so a value hovering at a threshold
 * does not flap and `drift.detected` is sent once per episode:
 *   - any state → alert as soon as the level is alert;
 *   - alert is left only on recovery: PSI < psiWarn and JS < RECOVERY_FACTOR · jsAlert (→ ok);
 *     a PSI between warn and alert keeps the alert standing;
 *   - ok → warn at PSI ≥ psiWarn; warn → ok once PSI < RECOVERY_FACTOR · psiWarn.
 * Only a move into alert emits drift.detected; since alert exits only to ok, a second event
 * needs a recovery first.
 */
import type { DriftPolicy } from "../policy";

export type DriftLevel = "ok" | "warn" | "alert";
export type Thresholds = Pick<DriftPolicy, "psiWarn" | "psiAlert" | "jsAlert">;
export type Distances = { psi: number; js: number };

export const RECOVERY_FACTOR = 0.8;

export const DEFAULT_THRESHOLDS: Thresholds = { psiWarn: 0.1, psiAlert: 0.25, jsAlert: 0.1 };

export function levelOf(d: Distances, t: Thresholds): DriftLevel {
  if (d.psi >= t.psiAlert || d.js >= t.jsAlert) return "alert";
  if (d.psi >= t.psiWarn) return "warn";
  return "ok";
}

export function nextState(prev: DriftLevel, d: Distances, t: Thresholds): DriftLevel {
  const level = levelOf(d, t);
  if (level === "alert") return "alert";
  if (prev === "alert") {
    return d.psi < t.psiWarn && d.js < RECOVERY_FACTOR * t.jsAlert ? "ok" : "alert";
  }
  if (level === "warn") return "warn";
  if (prev === "warn") return d.psi < RECOVERY_FACTOR * t.psiWarn ? "ok" : "warn";
  return "ok";
}

export function isDriftLevel(s: string): s is DriftLevel {
  return s === "ok" || s === "warn" || s === "alert";
}
