/**
 * Inputs of release control: the REST bodies (snake_case, as the REST API names them), the server
 * actions' inputs (the same rules, camelCase, with the epoch the page showed) and the incident
 * forms. Client-safe: forms validate with these same schemas.
 */
import { ifMatchNumber } from "../api/if-match";
import { z } from "zod";
import { typeError } from "../input/type-error";
import { storable } from "../input/storable-text";
import { parseVersionId } from "../registry";

const required = (what: string, max: number) =>
  z
    .string(typeError(`is required: ${what}`))
    .max(max, `must be at most ${max} characters`)
    .check(storable())
    .refine((v) => v.trim() !== "", `is required: ${what}`)
    .transform((v) => v.trim());

const optionalText = (max: number) =>
  z
    .string(typeError("must be text"))
    .max(max, `must be at most ${max} characters`)
    .check(storable())
    .transform((v) => v.trim());

export const versionIdSchema = z
  .string(typeError("must be a version id, e.g. 2026-01-15.2"))
  .refine((v) => parseVersionId(v) !== null, "must be a version id like 2026-01-15.2");

/** Tenant ids as inference services send them: printable, no spaces, at most 200 characters. */
export const tenantSchema = z
  .string(typeError("must be a tenant id"))
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .regex(/^[^\s\p{C}]+$/u, "must be a tenant id without spaces or control characters");

/** The `{tenant}` of a pin URL or form, with its name in the issue path. */
export const tenantParamSchema = z.object({ tenant: tenantSchema });

export const rollbackReasonSchema = required("say why traffic goes back (on-call reads it in the incident)", 1000);

// ---------------------------------------------------------------------------------------------
// REST bodies

/** `POST /api/v1/models/{model}/release/rollback` */
export const rollbackBodySchema = z.strictObject(
  {
    reason: rollbackReasonSchema.meta({
      description: "Why traffic goes back; it opens the incident.",
      example: "error rate 4x stable since 14:02",
    }),
    to_version: versionIdSchema.optional().meta({
      description: "Force a rollback to this earlier version (one that was PROD and is not deprecated).",
      example: "2026-01-15.2",
    }),
  },
  typeError("must be a JSON object: {reason, to_version?}"),
);

/** `POST …/release/{pause,resume,advance,promote,abort}`: an optional reason for the audit trail. */
export const moveBodySchema = z.strictObject(
  { reason: optionalText(1000).optional().meta({ description: "Why; kept in the audit trail." }) },
  typeError("must be a JSON object: {reason?}"),
);

/** `PUT /api/v1/models/{model}/pins/{tenant}` */
export const pinBodySchema = z.strictObject(
  {
    version: versionIdSchema.meta({ description: "The version this tenant is served, whatever the split.", example: "2026-01-15.2" }),
    reason: optionalText(1000).default("").meta({ description: "Why the tenant is pinned." }),
  },
  typeError("must be a JSON object: {version, reason?}"),
);

/** `DELETE /api/v1/models/{model}/pins/{tenant}`: an optional reason. */
export const unpinBodySchema = z.strictObject({ reason: optionalText(1000).default("") }, typeError("must be a JSON object: {reason?}"));

// ---------------------------------------------------------------------------------------------
// Server actions: the model, the epoch the page showed (a stale page gets "the release has
// moved" instead of acting on a state nobody saw), and the move's own fields.

const modelKey = z.string(typeError("is required")).check(storable()).trim().min(1, "is required");
/** FormData sends strings; an empty field means "no expectation". */
const expectedEpoch = z.preprocess(
  (v) => (v === "" || v === null ? undefined : typeof v === "string" ? Number(v) : v),
  z.number("must be the epoch the page showed (a whole number)").int("must be a whole number").min(0, "must be 0 or more").optional(),
);

export const moveActionInput = z.object({ modelKey, expectedEpoch, reason: optionalText(1000).optional() });
export const rollbackActionInput = z.object({ modelKey, expectedEpoch, reason: rollbackReasonSchema });
export const forceRollbackActionInput = rollbackActionInput.extend({ toVersion: versionIdSchema });
export const pinActionInput = z.object({
  modelKey,
  expectedEpoch,
  tenant: tenantSchema,
  version: versionIdSchema,
  reason: optionalText(1000).default(""),
});
export const unpinActionInput = z.object({ modelKey, expectedEpoch, tenant: tenantSchema, reason: optionalText(1000).default("") });

// ---------------------------------------------------------------------------------------------
// Incidents

const incidentId = z.string(typeError("is required")).check(storable()).trim().min(1, "is required");

export const incidentNoteInput = z.object({ incidentId, body: required("write the note", 4000) });
export const incidentUpdateInput = z
  .object({ incidentId, rootCause: optionalText(4000).optional(), prevention: optionalText(4000).optional() })
  .refine((v) => v.rootCause !== undefined || v.prevention !== undefined, {
    message: "give a root cause, a prevention task, or both",
    path: ["rootCause"],
  });
export const incidentCloseInput = z.object({ incidentId, comment: optionalText(4000).default("") });

export const incidentListQuerySchema = z.object({
  model: z.string().check(storable()).trim().min(1).optional().meta({ description: "Only this model’s incidents." }),
  status: z.enum(["open", "closed"]).optional().meta({ description: "Only open or only closed incidents." }),
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: "At most this many, newest first." }),
});

// ---------------------------------------------------------------------------------------------
// If-Match

/**
 * The epoch in an `If-Match` header: `"12"` (as the routes ETag is sent), `W/"12"` or `12`.
 * Null when the header is absent or `*` (any epoch); 422 when it is not an epoch.
 */
export function parseIfMatch(header: string | null): number | null {
  return ifMatchNumber(header, 'must be the release epoch as the routes ETag gives it, e.g. "12"');
}
