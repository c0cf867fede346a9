/**
 * The JSON of `POST /api/v1/models/{model}/release/evaluate` ("evaluate now"): one guardrail
 * evaluation as the API shows it. A named type so the OpenAPI description can be checked
 * against it (lib/guardrails/contracts.ts).
 */
import type { Evaluation } from "./evaluate";
import type { z } from "zod";
import type { evaluateNowSchema } from "./contracts";

export type EvaluateNowBody = z.output<typeof evaluateNowSchema>;

export function evaluateNowBody(e: Evaluation): EvaluateNowBody {
  return {
    model: e.modelKey,
    outcome: e.outcome,
    reason: e.reason,
    moved: e.moved,
    skipped: e.skipped,
    incident_id: e.incidentId,
    epoch: e.epoch,
    checks: e.decision.checks,
    sample: e.sample,
  };
}
