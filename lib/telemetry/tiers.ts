/**
 * Which stored rows answer a query, and at what step. Pure: unit-tested in tiers.test.ts.
 *
 * Rows are kept at three grains (rollup.ts): MetricMinute (per tenant, per minute) and
 * MetricRollup minute ("*" = all tenants), hour and day (per tenant and "*"). A query reads the
 * coarsest grain that divides its step, so a 30-day chart reads hour rows, not 43,200 minutes
 * per tenant:
 *   step a multiple of 1 day  → day rows;  of 1 hour → hour rows;  else minute rows
 *   no tenant → the "*" rows;  a tenant at minute grain → MetricMinute.
 * Buckets are aligned to multiples of the step since the Unix epoch (UTC), so `from` is
 * rounded down to a step boundary and every point's `t` is the start of its bucket.
 *
 * Auto step: the smallest of STEP_LADDER that gives at most AUTO_POINTS points —
 * 1 h → 1 min (60 points), 6 h → 5 min, 24 h → 15 min (96), 7 d → 1 h (168), 30 d → 6 h (120),
 * 90 d → 1 d. An explicit step may give up to MAX_POINTS points (422 beyond).
 */
import { GRAIN_MS, type Grain } from "./rollup";

export const MINUTE_S = 60;
export const STEP_LADDER_S = [60, 300, 900, 3600, 21_600, 86_400, 7 * 86_400] as const;
export const AUTO_POINTS = 200;
export const MAX_POINTS = 1_500;
/** the longest range a query may cover */
export const MAX_RANGE_DAYS = 400;

export function autoStepSeconds(rangeMs: number): number {
  for (const s of STEP_LADDER_S) if (rangeMs / (s * 1000) <= AUTO_POINTS) return s;
  return STEP_LADDER_S[STEP_LADDER_S.length - 1]!;
}

export function grainForStep(stepSeconds: number): Grain {
  if (stepSeconds % 86_400 === 0) return "day";
  if (stepSeconds % 3_600 === 0) return "hour";
  return "minute";
}

/** Grain for a whole-range summary (the tenant table): the coarsest with at least 2 buckets in range. */
export function grainForRange(rangeMs: number): Grain {
  if (rangeMs >= 2 * GRAIN_MS.day) return "day";
  if (rangeMs >= 2 * GRAIN_MS.hour) return "hour";
  return "minute";
}

export type Source = { table: "MetricMinute"; tenant: string } | { table: "MetricRollup"; grain: Grain; tenant: string };

export function sourceFor(grain: Grain, tenant: string | null | undefined): Source {
  if (tenant && grain === "minute") return { table: "MetricMinute", tenant };
  return { table: "MetricRollup", grain, tenant: tenant || "*" };
}

export const floorTo = (ms: number, unitMs: number) => Math.floor(ms / unitMs) * unitMs;

/** Parses a step: seconds ("900") or a duration ("1m", "15m", "1h", "6h", "1d"). */
export function parseStep(text: string): number | null {
  const m = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as "" | "s" | "m" | "h" | "d"];
  return n * unit;
}

export function formatStep(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
