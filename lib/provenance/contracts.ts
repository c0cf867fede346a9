/**
 * GET /api/v1/predictions/{request_id}/evidence: the evidence chain of one prediction (chain.ts).
 * The response schema is checked against the DTO with `satisfies`.
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import type { PredictionEvidence } from "./chain";

const auditRef = component(
  "AuditRef",
  z
    .object({
      seq: z.string().meta({ description: "The event's position in the audit chain." }),
      at: z.string(),
      action: z.string(),
      actor: z.string(),
      hash: z.string(),
      prevHash: z.string(),
    })
    .meta({ description: "An audit event a link rests on; verify it with `rollgate audit verify`." }),
);

const missingSchema = z.object({ status: z.literal("missing"), why: z.string().meta({ description: "Why this link is not there." }) });
const link = <T extends z.ZodRawShape>(shape: T) => z.union([z.object({ status: z.literal("present"), ...shape }), missingSchema]);

const evidenceSchema = component(
  "PredictionEvidence",
  z.object({
    requestId: z.string(),
    served: link({
      model: z.string(),
      version: z.string(),
      tenant: z.string().nullable(),
      at: z.string(),
      route: z.string().nullable(),
      why: z.string().meta({ description: "Why this version answered: pin, canary share, stable, shadow." }),
      source: z.enum(["prediction", "given"]).meta({ description: "From the stored prediction, or named by the caller." }),
    }),
    release: link({
      epoch: z.number().int(),
      state: z.string(),
      stableVersion: z.string().nullable(),
      candidateVersion: z.string().nullable(),
      candidatePercent: z.number(),
      stepIndex: z.number().int(),
      steps: z.array(z.number()),
      since: z.string(),
      audit: auditRef,
    }),
    rollout: link({ startedAt: z.string(), startedBy: z.string(), audit: auditRef }),
    approvals: link({
      approvals: z.array(
        z.object({
          reviewer: z.object({ name: z.string(), email: z.string() }),
          decision: z.string(),
          comment: z.string(),
          at: z.string(),
          invalidatedAt: z.string().nullable(),
          audit: auditRef.nullable(),
        }),
      ),
    }),
    evaluations: link({
      evaluations: z.array(
        z.object({
          dataset: z.string(),
          passed: z.boolean(),
          metrics: z.unknown(),
          gates: z.unknown(),
          reasons: z.unknown(),
          replay: z.unknown(),
          baselineVersion: z.string().nullable(),
          by: z.string(),
          at: z.string(),
          audit: auditRef.nullable(),
        }),
      ),
    }),
    manifest: link({
      contentHash: z.string(),
      registeredBy: z.string(),
      registeredAt: z.string(),
      parentVersion: z.string().nullable(),
      changes: z
        .array(z.object({ path: z.string(), kind: z.string(), before: z.unknown().optional(), after: z.unknown().optional() }))
        .nullable(),
      audit: auditRef.nullable(),
    }),
    audit: z.array(auditRef).meta({ description: "Every audit event cited, oldest first." }),
  }) satisfies z.ZodType<PredictionEvidence>,
);

const instant = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), "at must be an ISO 8601 date-time")
  .transform((v) => new Date(v));

export const evidenceQuerySchema = z.object({
  model: z.string().trim().min(1).max(200).optional().meta({ description: "When the request id was not kept: the model that served it." }),
  version: z.string().trim().min(1).max(200).optional().meta({ description: "…the version that served it." }),
  at: instant.optional().meta({ description: "…and when (ISO 8601)." }),
});

export const getPredictionEvidenceRoute = defineRoute({
  method: "GET",
  path: "/api/v1/predictions/{request_id}/evidence",
  operationId: "getPredictionEvidence",
  summary: "The evidence chain behind a prediction",
  description:
    "Request → version served and why → the release then → the rollout, approvals and evaluations that put the version there → its " +
    "manifest and the changes from its parent → the audit events behind each, with their chain positions. Each link is `present` or " +
    "`missing` with why. When the request id was not kept, pass `model`, `version` and `at` to follow the rest.",
  tags: ["telemetry"],
  access: { scope: "routes:read", session: "models:read" },
  params: { request_id: { schema: z.string(), description: "The request id the event was sent with." } },
  query: evidenceQuerySchema,
  responses: { 200: { description: "The chain.", json: evidenceSchema } },
  errors: ["Unauthorized", "Forbidden", "SchemaError", "Unavailable"],
});

export const provenanceContracts = [getPredictionEvidenceRoute];
