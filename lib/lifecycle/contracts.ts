/**
 * The lifecycle's endpoints: evaluations from CI and the policy gates they run. Response schemas
 * are checked against the DTOs the service returns (`satisfies`).
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import { isoDateTime as iso, modelParam, versionParam } from "../api/schemas";
import { evaluationSchema, stageSchema } from "../registry";
import type { GateResult } from "./gates";
import { evaluationBodySchema } from "./schemas";

const gateResultSchema = component(
  "GateResult",
  z.object({
    gate: z.enum(["absolute", "regression", "replay"]),
    rule: z.string().meta({ description: "The rule in words.", example: "f1 >= 0.9" }),
    metric: z.string().meta({ description: "The metric; `replay.agreement` for the replay gate.", example: "f1" }),
    value: z.number().nullable().meta({ description: "The evaluation's value; null when it was not reported." }),
    threshold: z
      .number()
      .nullable()
      .meta({ description: "Absolute gate: the threshold; regression: the allowed drop; replay: the minimum agreement." }),
    baseline: z
      .number()
      .nullable()
      .optional()
      .meta({ description: "PROD's value of the metric; null when there is no PROD version or it has none." }),
    baselineVersion: z
      .string()
      .nullable()
      .optional()
      .meta({ description: "The PROD version compared with; for the replay gate, the version the replay ran against." }),
    passed: z.boolean(),
    skipped: z.boolean().meta({ description: "The gate could not apply (no PROD version yet, no replay attached) and did not block." }),
    message: z.string(),
  }) satisfies z.ZodType<GateResult>,
);

export const recordedEvaluationSchema = component(
  "RecordedEvaluation",
  z.object({
    id: z.string(),
    model: z.string(),
    version: z.string(),
    dataset: z.string(),
    passed: z.boolean(),
    reasons: z.array(z.string()).meta({ description: "The failed gates' messages; empty when passed." }),
    gates: z.array(gateResultSchema),
    stage: stageSchema.meta({ description: "The version's stage after this evaluation." }),
    staged: z.boolean().meta({ description: "True when this evaluation moved the version DEV → STAGING." }),
    baselineVersion: z.string().nullable().meta({ description: "The PROD version the gates compared with; null when nothing is in PROD." }),
    createdAt: iso,
  }),
);

export const evaluationListSchema = component(
  "EvaluationList",
  z.object({
    model: z.string(),
    version: z.string(),
    stage: stageSchema,
    evaluations: z.array(evaluationSchema).meta({ description: "Newest first." }),
  }),
);

const EVALUATION_RULES = `Attaches an evaluation report from CI and applies the model's policy gates: absolute thresholds
(\`f1 >= 0.9\`), maximum regression against the version now in PROD, and the replay agreement when a replay
against PROD is attached. Every evaluation is kept; re-evaluating is allowed.

- 201 with the verdict, also when gates fail: \`passed\`, \`reasons\` (the failed gates' messages) and
  \`gates\` (every gate with its value, threshold and PROD baseline). A DEV version that passes moves to
  STAGING in the same transaction (\`staged: true\`, audited with the policy as actor); one that fails stays DEV.
- 409: the version is archived (archived versions are final).
- 422: every bad field at once (a floating dataset reference, a metric that is not a number, …), or the
  model's stored policy is invalid.
- 413: the body is over 1 MB.`;

/** Metrics are a few hundred bytes; replay results may carry per-case details. */
const MAX_EVALUATION_BYTES = 1024 * 1024;

export const recordEvaluationRoute = defineRoute({
  method: "POST",
  path: "/api/v1/models/{model}/versions/{version}/evaluations",
  operationId: "recordEvaluation",
  summary: "Record an evaluation and apply the gates",
  description: EVALUATION_RULES,
  tags: ["lifecycle"],
  access: { scope: "registry:write" },
  params: { model: modelParam, version: versionParam },
  body: {
    read: "json",
    schema: evaluationBodySchema,
    required: true,
    maxBytes: MAX_EVALUATION_BYTES,
    name: "EvaluationBody",
    description: "An evaluation report from CI (README → Register your first model from CI). Field names are snake_case.",
  },
  responses: { 201: { description: "Recorded, with the gates' verdict and the version's stage.", json: recordedEvaluationSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge", "SchemaError", "Unavailable"],
});

export const listEvaluationsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/versions/{version}/evaluations",
  operationId: "listEvaluations",
  summary: "List a version's evaluations",
  tags: ["lifecycle"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam, version: versionParam },
  responses: { 200: { description: "Every evaluation of the version, newest first.", json: evaluationListSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Unavailable"],
});

export const lifecycleContracts = [recordEvaluationRoute, listEvaluationsRoute];
