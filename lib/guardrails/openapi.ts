/**
 * The guardrail endpoints' part of the OpenAPI document (lib/api/openapi.ts builds the document
 * and passes its helpers in): the decision list and "evaluate now". Response schemas are checked
 * against the DTOs with `satisfies`.
 */
import { z } from 'zod';
import { isoDateTime, type OpenApiHelpers } from '../api/openapi-parts';
import type { EvaluateNowBody } from './api';
import type { Check, WindowStats } from './decide';
import type { DecisionSample } from './evaluate';
import type { DecisionView } from './queries';

const num = z.number().nullable();

const outcomeSchema = z
  .enum(['waiting', 'healthy', 'advance', 'hold', 'rollback', 'complete'])
  .meta({ description: 'waiting: too few requests yet; healthy: within limits, still baking; advance / complete / rollback: the move made; hold: a soft limit failed.' });

const checkSchema = z.object({
  name: z.string().meta({ example: 'error_rate' }),
  severity: z.enum(['hard', 'soft']).meta({ description: 'A failed hard check rolls back; a failed soft check holds.' }),
  value: z.number(),
  threshold: z.number(),
  op: z.enum(['<=', '>=']).meta({ description: '`<=`: the value must not exceed the threshold; `>=`: it must reach it.' }),
  sample: z.number().int(),
  passed: z.boolean(),
}) satisfies z.ZodType<Check>;

const windowStatsSchema = z.object({
  version: z.string(),
  requests: z.number().int(),
  errors: z.number().int(),
  errorRate: num,
  p95Ms: num,
  quality: num.meta({ description: 'Mean online score, or accuracy where only labels exist; null without either.' }),
  qualitySample: z.number().int(),
  costPer1k: num,
  costSample: z.number().int(),
  flags: z.record(z.string(), z.number()).meta({ description: 'Flag → requests carrying it.' }),
}) satisfies z.ZodType<WindowStats>;

const sampleSchema = z.object({
  reason: z.string(),
  phase: z.enum(['canary', 'post_promotion']),
  window: z.object({ from: z.string(), to: z.string() }),
  minSample: z.number().int(),
  candidate: windowStatsSchema.meta({ description: 'The version under watch: the candidate, or after promotion the new stable.' }),
  stable: windowStatsSchema.nullable().meta({ description: 'The baseline; null after promotion.' }),
}) satisfies z.ZodType<DecisionSample>;

const decisionSchema = z.object({
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
}) satisfies z.ZodType<DecisionView>;

const evaluateNowSchema = z.object({
  model: z.string(),
  outcome: outcomeSchema,
  reason: z.string(),
  moved: z.enum(['rolled_back', 'advanced', 'completed', 'paused']).nullable().meta({ description: 'What the rollout service did; null when nothing moved.' }),
  skipped: z.string().nullable().meta({ description: 'Why the move was not made (the release changed since it was read); the next pass re-reads.' }),
  incident_id: z.string().nullable().meta({ description: 'The incident a rollback opened.' }),
  epoch: z.number().int(),
  checks: z.array(checkSchema),
  sample: sampleSchema,
}) satisfies z.ZodType<EvaluateNowBody>;

export const GUARDRAIL_SCHEMAS: Record<string, z.ZodType> = {
  GuardrailCheck: checkSchema,
  GuardrailWindowStats: windowStatsSchema,
  GuardrailSample: sampleSchema,
  GuardrailDecision: decisionSchema,
  GuardrailEvaluation: evaluateNowSchema,
};

export function guardrailPaths(h: OpenApiHelpers): Record<string, unknown> {
  return {
    '/api/v1/models/{model}/release/evaluate': {
      parameters: [h.modelParam],
      post: h.operation('Evaluate the guardrails now', 'release:write', {
        operationId: 'evaluateGuardrails',
        tags: ['release'],
        session: true,
        details:
          'Runs one guardrail evaluation of the production release at once and returns the decision: `outcome`, `reason`, every ' +
          'check with value, threshold, sample and result, and the window sample. A move it makes is made by the `guardrail` ' +
          "actor, exactly as on the loop's own pass. Signed-in users must be admins. 409 when nothing is watched (no candidate " +
          'and no post-promotion window). No request body.',
        responses: {
          '200': { description: 'The decision.', content: h.jsonContent(h.ref('GuardrailEvaluation')) },
          ...h.errors('Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'Unavailable'),
        },
      }),
    },
    '/api/v1/models/{model}/release/decisions': {
      parameters: [h.modelParam],
      get: h.operation('Guardrail decisions', 'routes:read', {
        operationId: 'listGuardrailDecisions',
        tags: ['release'],
        session: true,
        details: 'The guardrail decisions of the production release, newest first: every one that changed something, and the latest.',
        parameters: [
          {
            // The handler reads it with Number() (no zod schema): a non-number means the default,
            // and the value is clamped to 1..200 (lib/guardrails/queries.ts → listDecisions).
            name: 'limit',
            in: 'query',
            required: false,
            description: 'How many, newest first: default 20, clamped to 1..200; a value that is not a number means 20.',
            schema: { type: 'integer', default: 20, minimum: 1, maximum: 200 },
          },
        ],
        responses: {
          '200': {
            description: '`{decisions: [...]}`, newest first.',
            content: h.jsonContent({ type: 'object', properties: { decisions: { type: 'array', items: h.ref('GuardrailDecision') } }, required: ['decisions'] }),
          },
          ...h.errors('Unauthorized', 'Forbidden', 'NotFound', 'Unavailable'),
        },
      }),
    },
  };
}
