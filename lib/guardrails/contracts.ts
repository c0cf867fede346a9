/**
 * The guardrail endpoints: "evaluate now" and the decision list. Response schemas are checked
 * against the DTOs with `satisfies`.
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import { isoDateTime, modelParam } from "../api/schemas";
import type { Check, WindowStats } from "./decide";
import type { DecisionSample } from "./evaluate";

const num = z.number().nullable();

const outcomeSchema = z.enum(["waiting", "healthy", "advance", "hold", "rollback", "complete"]).meta({
  description:
    "waiting: too few requests yet; healthy: within limits, still baking; advance / complete / rollback: the move made; hold: a soft limit failed.",
});

const countsSchema = z
  .object({
    events: z.number().int(),
    requests: z.number().int(),
    mean: z.number().optional().meta({ description: "For quality from online scores: the mean score (then `events` is 0)." }),
  })
  .meta({
    description: "Events (errors, requests slower than the limit, flagged requests) among requests; or, for quality, the scored sample.",
  });

const checkSchema = component(
  "GuardrailCheck",
  z.object({
    name: z.string().meta({ example: "error_rate" }),
    severity: z.enum(["hard", "soft"]).meta({ description: "A failed hard check rolls back; a failed soft check holds." }),
    value: z.number(),
    threshold: z.number(),
    op: z.enum(["<=", ">="]).meta({ description: "`<=`: the value must not exceed the threshold; `>=`: it must reach it." }),
    sample: z.number().int(),
    passed: z.boolean(),
    query: z.string().optional().meta({ description: "A Prometheus check's query, as sent (templated with the release's versions)." }),
    sequential: z
      .object({
        verdict: z.enum(["worse", "not_worse", "unsure"]).meta({
          description: "`worse`: confident worse than stable; `not_worse`: confident not worse; `unsure`: not enough evidence yet.",
        }),
        statistic: z.number().meta({ description: "The mixture likelihood ratio behind the verdict (lib/guardrails/README.md)." }),
        bound: z.number().meta({ description: "1 / the policy's false-rollback rate: the statistic decides once it reaches this." }),
        candidate: countsSchema,
        stable: countsSchema,
        reference: z.number().optional().meta({
          description: "A one-sample test's reference: for p95 latency, the share of requests allowed above the limit (0.05).",
        }),
      })
      .optional()
      .meta({
        description:
          "The sequential test behind a comparison with stable (error rate, p95 latency, quality, a flag's rate), when the policy has them on (the default).",
      }),
  }) satisfies z.ZodType<Check>,
);

const windowStatsSchema = component(
  "GuardrailWindowStats",
  z.object({
    version: z.string(),
    requests: z.number().int(),
    errors: z.number().int(),
    errorRate: num,
    p95Ms: num,
    quality: num.meta({ description: "Mean online score, or accuracy where only labels exist; null without either." }),
    qualitySample: z.number().int(),
    costPer1k: num,
    costSample: z.number().int(),
    flags: z.record(z.string(), z.number()).meta({ description: "Flag → requests carrying it." }),
    qualityVariance: num.optional().meta({ description: "The variance of one online score, where quality is their mean." }),
  }) satisfies z.ZodType<WindowStats>,
);

const sampleSchema = component(
  "GuardrailSample",
  z.object({
    reason: z.string(),
    phase: z.enum(["canary", "post_promotion"]),
    window: z.object({ from: z.string(), to: z.string() }),
    minSample: z.number().int(),
    candidate: windowStatsSchema.meta({ description: "The version under watch: the candidate, or after promotion the new stable." }),
    stable: windowStatsSchema.nullable().meta({ description: "The baseline; null after promotion." }),
    recent: windowStatsSchema.optional().meta({
      description: "The watched version's newest minutes holding at least minSample requests: what the absolute limits were judged on.",
    }),
  }) satisfies z.ZodType<DecisionSample>,
);

export const decisionSchema = component(
  "GuardrailDecision",
  z.object({
    id: z.string(),
    at: isoDateTime,
    outcome: outcomeSchema,
    reason: z.string(),
    candidateVersion: z.string().nullable(),
    stableVersion: z.string().nullable(),
    stepIndex: z.number().int(),
    epoch: z.number().int(),
    checks: z.array(checkSchema),
    sample: sampleSchema.nullable(),
  }),
);

export const evaluateNowSchema = component(
  "GuardrailEvaluation",
  z.object({
    model: z.string(),
    outcome: outcomeSchema,
    reason: z.string(),
    moved: z
      .enum(["rolled_back", "advanced", "completed", "paused"])
      .nullable()
      .meta({ description: "What the rollout service did; null when nothing moved." }),
    skipped: z
      .string()
      .nullable()
      .meta({ description: "Why the move was not made (the release changed since it was read); the next pass re-reads." }),
    incident_id: z.string().nullable().meta({ description: "The incident a rollback opened." }),
    epoch: z.number().int(),
    checks: z.array(checkSchema),
    sample: sampleSchema,
  }),
);

/**
 * `limit` has always been read leniently: whatever is not a finite number means 20, and
 * listDecisions clamps the rest to 1..200. So this schema refuses nothing.
 */
const decisionsQuerySchema = z.object({
  limit: z
    .preprocess((v) => {
      const n = Number(v);
      return Number.isFinite(n) ? n : 20;
    }, z.number())
    .prefault(20)
    .meta({
      description: "How many, newest first: default 20, clamped to 1..200; a value that is not a number means 20.",
      type: "integer",
      minimum: 1,
      maximum: 200,
    }),
});

export const evaluateGuardrailsRoute = defineRoute({
  method: "POST",
  path: "/api/v1/models/{model}/release/evaluate",
  operationId: "evaluateGuardrails",
  summary: "Evaluate the guardrails now",
  description:
    "Runs one guardrail evaluation of the production release at once and returns the decision: `outcome`, `reason`, every " +
    "check with value, threshold, sample and result, and the window sample. A move it makes is made by the `guardrail` " +
    "actor, exactly as on the loop's own pass. Signed-in users must be admins. 409 when nothing is watched (no candidate " +
    "and no post-promotion window). No request body.",
  tags: ["release"],
  access: { scope: "release:write", session: "policy:edit" },
  params: { model: modelParam },
  responses: { 200: { description: "The decision.", json: evaluateNowSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Conflict", "Unavailable"],
});

export const listGuardrailDecisionsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/release/decisions",
  operationId: "listGuardrailDecisions",
  summary: "Guardrail decisions",
  description: "The guardrail decisions of the production release, newest first: every one that changed something, and the latest.",
  tags: ["release"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam },
  query: decisionsQuerySchema,
  responses: { 200: { description: "`{decisions: [...]}`, newest first.", json: z.object({ decisions: z.array(decisionSchema) }) } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Unavailable"],
});

export const guardrailContracts = [evaluateGuardrailsRoute, listGuardrailDecisionsRoute];
