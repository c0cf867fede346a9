/**
 * A canary and its window stats for the guardrail tests: at the first of four steps, its bake
 * time over, both versions with enough requests and numbers inside the default limits.
 */
import { parsePolicy } from "../policy";
import type { ReleaseSnapshot, WindowStats } from "./decide";
import type { GuardrailsPolicy } from "./limits";

export const NOW = new Date("2026-01-01T12:00:00Z");
export const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

export function stats(version: string, over: Partial<WindowStats> = {}): WindowStats {
  return {
    version,
    requests: 1000,
    errors: 2,
    errorRate: 0.002,
    p95Ms: 200,
    quality: 0.9,
    qualitySample: 1000,
    costPer1k: 1,
    costSample: 1000,
    flags: {},
    ...over,
    // the errors behind an overridden rate, as the window query counts them
    ...(over.errors === undefined && over.errorRate != null ? { errors: Math.round(over.errorRate * (over.requests ?? 1000)) } : {}),
  };
}

export const release: ReleaseSnapshot = {
  state: "ramping",
  candidateVersion: "2.0.0",
  stableVersion: "1.0.0",
  previousStableVersion: null,
  steps: [5, 25, 50, 100],
  stepIndex: 0,
  bakeMinutes: 10,
  stepStartedAt: minutesAgo(15),
  completedAt: null,
};

/** The guardrails of a policy written as JSON, with every default filled in. */
export function guardrailsPolicy(json: unknown): GuardrailsPolicy {
  const p = parsePolicy({ guardrails: json });
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return p.policy.guardrails;
}
