/**
 * How a version's rollout runs, from its manifest's `rollout` section and its model's policy:
 * the strategy from the manifest; for canary, the manifest's `initial_traffic_percent`, then the
 * manifest's `steps` or else the policy's steps above the initial percentage, always ending at
 * 100; the bake time from the manifest or else the policy. Pure and client-safe.
 */
import type { ReleaseMode } from "../../generated/prisma/enums";
import type { RolloutPlan } from "./state-machine";

/** The manifest's `rollout` section as registered (validated then; read defensively here). */
export type ManifestRollout = {
  strategy?: unknown;
  initial_traffic_percent?: unknown;
  steps?: unknown;
  bake_minutes?: unknown;
};

export type PolicyRollout = { steps: number[]; bakeMinutes: number };

const MODES: readonly ReleaseMode[] = ["canary", "blue_green", "shadow"];

const isPercent = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 100;

/** The manifest's rollout section, or an empty one for a manifest without it. */
export function manifestRollout(manifest: unknown): ManifestRollout {
  if (typeof manifest !== "object" || manifest === null) return {};
  const r = (manifest as { rollout?: unknown }).rollout;
  return typeof r === "object" && r !== null && !Array.isArray(r) ? (r as ManifestRollout) : {};
}

/** Increasing whole percentages ending at 100, starting with `first` when given. */
function rampFrom(first: number | null, rest: number[]): number[] {
  const steps: number[] = first === null ? [] : [first];
  for (const s of rest) {
    if (isPercent(s) && s > (steps[steps.length - 1] ?? 0)) steps.push(s);
  }
  if (steps[steps.length - 1] !== 100) steps.push(100);
  return steps;
}

/**
 * The plan a rollout starts with. `override` replaces the strategy (e.g. an operator choosing
 * blue-green for an urgent fix); a shadow copies `initial_traffic_percent` of requests (100 when
 * the manifest does not say).
 */
export function planRollout(rollout: ManifestRollout, policy: PolicyRollout, override: { mode?: ReleaseMode } = {}): RolloutPlan {
  const declared = MODES.find((m) => m === rollout.strategy);
  const mode = override.mode ?? declared ?? "canary";
  const bakeMinutes =
    typeof rollout.bake_minutes === "number" && Number.isInteger(rollout.bake_minutes) && rollout.bake_minutes >= 0
      ? rollout.bake_minutes
      : policy.bakeMinutes;
  const initial = isPercent(rollout.initial_traffic_percent) ? rollout.initial_traffic_percent : null;
  if (mode === "blue_green") return { mode, steps: [100], bakeMinutes, shadowPercent: 0 };
  if (mode === "shadow") return { mode, steps: [], bakeMinutes, shadowPercent: initial ?? 100 };
  const declaredSteps = Array.isArray(rollout.steps) ? rollout.steps.filter(isPercent) : null;
  const steps = rampFrom(initial, declaredSteps && declaredSteps.length > 0 ? declaredSteps : policy.steps);
  return { mode, steps, bakeMinutes, shadowPercent: 0 };
}
