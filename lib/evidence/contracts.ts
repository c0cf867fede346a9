/**
 * Evidence packs over HTTP: a model's signed pack for a time range, and the public key that
 * signs it (docs/evidence-packs.md).
 *
 * Tokens need audit:read: a pack is the audit trail of one model with the records its events
 * point at, and audit:read is the scope auditors' tools already hold to export the trail.
 * routes:read, the other reading scope, is for inference services and should not carry the
 * record out. Signed-in users need evidence:export (approvers and admins).
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import { errorBodySchema, modelParam } from "../api/schemas";
import { parseTimeBound } from "../audit/schemas";

/** The longest range one pack covers: a year and a day, so "last year" always fits. */
export const EVIDENCE_MAX_DAYS = 366;

const HINT = "an ISO date (2026-11-23) or date-time with a zone (2026-11-23T10:00:00Z)";

const bound = (end: boolean, name: string) =>
  z
    .string({ error: `${name} is required: ${HINT}` })
    .trim()
    .min(1, `${name} is required: ${HINT}`)
    .transform((s, ctx) => {
      const out = parseTimeBound(s, end);
      if (typeof out === "string") {
        ctx.addIssue({ code: "custom", message: out });
        return z.NEVER;
      }
      return out;
    })
    .meta({ type: "string", description: `${end ? "End" : "Start"} of the range, inclusive: ${HINT}. A date means the whole UTC day.` });

export const evidenceQuerySchema = z.object({ from: bound(false, "from"), to: bound(true, "to") }).superRefine((v, ctx) => {
  if (v.from > v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "must not be before from" });
  else if (v.to.getTime() - v.from.getTime() > EVIDENCE_MAX_DAYS * 86_400_000) {
    ctx.addIssue({ code: "custom", path: ["to"], message: `the range may span at most ${EVIDENCE_MAX_DAYS} days` });
  }
});

const NO_KEY = "No evidence signing key is configured on this server";

export const exportEvidenceRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/evidence",
  operationId: "exportEvidencePack",
  summary: "Export a model's signed evidence pack for a time range",
  description:
    "One JSON document (docs/evidence-packs.md): the versions that served and their manifests, evaluations and approvals, " +
    "the release and its moves, guardrail decisions, incidents with notes, drift per tenant, prediction counts per version " +
    "and day, the range's audit events with the chain hashes before and after it, and a printable report.html; signed " +
    "with the evidence key (`/.well-known/rollgate-evidence-key`). Each export is recorded as an `evidence.exported` " +
    "audit event. Check a pack offline with `npx rollgate evidence verify`.",
  tags: ["audit"],
  access: { scope: "audit:read", session: "evidence:export" },
  params: { model: modelParam },
  query: evidenceQuerySchema,
  responses: {
    200: { description: "The pack, as an attachment.", media: { "application/json": { description: "The evidence pack." } } },
    409: { description: `${NO_KEY} (\`conflict\`).`, json: errorBodySchema },
  },
  errors: ["Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"],
});

export const evidenceKeyRoute = defineRoute({
  method: "GET",
  path: "/.well-known/rollgate-evidence-key",
  operationId: "getEvidenceKey",
  summary: "The public key that signs evidence packs",
  description:
    "Public on purpose, so an auditor can check a pack without an account. It is the audit signing key " +
    "(`/.well-known/rollgate-audit-key`): packs and checkpoints are told apart by the type tag in what is signed. " +
    "Cacheable for 5 minutes.",
  tags: ["audit"],
  access: { public: true },
  responses: {
    200: {
      description: "The key.",
      json: component(
        "EvidencePublicKey",
        z.object({
          keyId: z.string(),
          algorithm: z.literal("Ed25519"),
          publicKeyPem: z.string().meta({ description: "The Ed25519 public key (SPKI PEM)." }),
          use: z.literal("rollgate.evidence.pack").meta({ description: "The type tag packs are signed under." }),
        }),
      ),
    },
    404: { description: `${NO_KEY} (\`not_found\`).`, json: errorBodySchema },
  },
  errors: [],
});

export const evidenceContracts = [exportEvidenceRoute, evidenceKeyRoute];
