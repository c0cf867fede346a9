/**
 * The audit trail's endpoints: the trail (a page of events or a streamed export), the chain
 * verification, the signed checkpoints and the public key that signs them (docs/audit-trail.md).
 * Response schemas are checked against the DTOs with `satisfies`.
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import { errorBodySchema, isoDateTime as iso } from "../api/schemas";
import type { CheckpointDto } from "./checkpoint";
import { auditEventSchema } from "./event-schema";
import { auditApiQuerySchema } from "./schemas";
import type { CheckpointStatus } from "./verify";

const decimal = (description: string) => z.string().meta({ description });

const checkpointSchema = component(
  "AuditCheckpoint",
  z.object({
    id: decimal("The checkpoint's id (a decimal string)."),
    position: decimal("The sequence number of the event it signs: the chain's head when it was signed."),
    headHash: z.string().meta({ description: "That event's hash." }),
    eventCount: decimal("Events in the trail up to and including `position`."),
    signedAt: iso,
    keyId: z.string().meta({ description: "First 16 hex digits of SHA-256 over the public key (SPKI DER)." }),
    algorithm: z.literal("Ed25519"),
    signature: z.string().meta({ description: "Base64 Ed25519 signature over the canonical statement (docs/audit-trail.md)." }),
  }) satisfies z.ZodType<CheckpointDto>,
  "A signed statement: event #position has hash headHash, and the trail holds eventCount events.",
);

const publicKeyShape = {
  keyId: z.string(),
  algorithm: z.literal("Ed25519"),
  publicKeyPem: z.string().meta({ description: "The Ed25519 public key (SPKI PEM)." }),
};

const checkpointStatusSchema = z.object({
  id: z.string(),
  position: z.string(),
  eventCount: z.string(),
  signedAt: iso,
  keyId: z.string(),
  signatureOk: z.boolean().meta({ description: "The signature holds under the configured key." }),
  matches: z.boolean().meta({ description: "The stored event at `position` still has the signed hash, and no event after it is missing." }),
}) satisfies z.ZodType<CheckpointStatus>;

export const verificationSchema = component(
  "AuditVerification",
  z.object({
    ok: z.boolean(),
    events: z
      .number()
      .int()
      .meta({ description: "Events verified intact: all of them when ok, those before the first bad one otherwise." }),
    firstBadSeq: z.string().optional().meta({ description: "The first event that does not fit the chain or the signed checkpoints." }),
    problem: z.string().optional().meta({ description: "What is wrong, in words." }),
    checkpoints: z
      .object({
        keyId: z.string(),
        checked: z.number().int().meta({ description: "Checkpoints whose signature holds and that were compared with the chain." }),
        otherKey: z.number().int().meta({ description: "Checkpoints signed with another (earlier) key: this key cannot vouch for them." }),
        latest: checkpointStatusSchema.nullable(),
      })
      .optional()
      .meta({ description: "What the signed checkpoints say (docs/audit-trail.md)." }),
  }),
);

const LIMIT_RULE = "must be a whole number from 1 to 500";

const checkpointsQuerySchema = z.object({
  limit: z
    .preprocess(
      (v) => (v === undefined || v === "" ? 20 : Number(v)),
      z.number({ error: LIMIT_RULE }).refine((n) => Number.isInteger(n) && n >= 1 && n <= 500, LIMIT_RULE),
    )
    .prefault(20)
    .meta({ type: "integer", minimum: 1, maximum: 500 }),
});

const NO_KEY = "No audit signing key is configured on this server";

export const listAuditEventsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/audit",
  operationId: "listAuditEvents",
  summary: "List or export the audit trail",
  description:
    "Newest first. `format=json` returns a page with `nextCursor` (pass it as `cursor`); `ndjson`, `csv` " +
    "and `json` with `download=true` stream the whole filtered trail as an attachment. `from`/`to` take an " +
    "ISO date (a whole UTC day) or a date-time with a zone, both inclusive.",
  tags: ["audit"],
  access: { scope: "audit:read", session: "audit:read" },
  query: auditApiQuerySchema,
  responses: {
    200: {
      description: "A page of events, or the export.",
      json: z.object({ events: z.array(auditEventSchema), nextCursor: z.string().optional() }),
      media: { "application/x-ndjson": {}, "text/csv": {} },
    },
  },
  errors: ["Unauthorized", "Forbidden", "SchemaError", "Unavailable"],
});

export const verifyAuditChainRoute = defineRoute({
  method: "GET",
  path: "/api/v1/audit/verify",
  operationId: "verifyAuditChain",
  summary: "Verify the audit hash chain",
  description:
    "Recomputes every hash from the first event, then holds the chain to every checkpoint signed with the server's key " +
    "(docs/audit-trail.md → Verifying).",
  tags: ["audit"],
  access: { scope: "audit:read", session: "audit:read" },
  responses: { 200: { description: "Whether the chain is intact, and the first bad sequence number if not.", json: verificationSchema } },
  errors: ["Unauthorized", "Forbidden", "Unavailable"],
});

export const listAuditCheckpointsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/audit/checkpoints",
  operationId: "listAuditCheckpoints",
  summary: "List the signed audit checkpoints, newest first",
  tags: ["audit"],
  access: { scope: "audit:read", session: "audit:read" },
  query: checkpointsQuerySchema,
  responses: {
    200: {
      description:
        "`{keyId, algorithm, publicKeyPem, checkpoints: [{id, position, headHash, eventCount, signedAt, keyId, algorithm, signature}]}`",
      json: component("AuditCheckpoints", z.object({ ...publicKeyShape, checkpoints: z.array(checkpointSchema) })),
    },
    409: { description: `${NO_KEY} (\`conflict\`).`, json: errorBodySchema },
  },
  errors: ["Unauthorized", "Forbidden", "SchemaError", "Unavailable"],
});

export const createAuditCheckpointRoute = defineRoute({
  method: "POST",
  path: "/api/v1/audit/checkpoints",
  operationId: "createAuditCheckpoint",
  summary: "Sign a checkpoint of the audit chain's head now",
  description: "Admins only (the schedule signs checkpoints anyway, and each one is also a webhook event).",
  tags: ["audit"],
  access: { session: "settings:read" },
  responses: {
    201: {
      description: "The signed checkpoint, with `publicKeyPem`.",
      json: checkpointSchema.extend({ publicKeyPem: publicKeyShape.publicKeyPem }),
    },
    409: { description: `${NO_KEY}, or the audit trail is empty: there is nothing to sign yet (\`conflict\`).`, json: errorBodySchema },
  },
  errors: ["Unauthorized", "Forbidden", "Unavailable"],
});

export const auditKeyRoute = defineRoute({
  method: "GET",
  path: "/.well-known/rollgate-audit-key",
  operationId: "getAuditKey",
  summary: "The public key that signs audit checkpoints",
  description:
    "Public on purpose: anyone holding a checkpoint (a webhook copy, an export) can check it without an account " +
    "(`npx rollgate audit verify`). Cacheable for 5 minutes.",
  tags: ["audit"],
  access: { public: true },
  responses: {
    200: { description: "The key.", json: component("AuditPublicKey", z.object(publicKeyShape)) },
    404: { description: `${NO_KEY} (\`not_found\`).`, json: errorBodySchema },
  },
  errors: [],
});

export const auditContracts = [
  listAuditEventsRoute,
  verifyAuditChainRoute,
  listAuditCheckpointsRoute,
  createAuditCheckpointRoute,
  auditKeyRoute,
];
