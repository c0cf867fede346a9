/**
 * Route contracts of policy as code: `GET` / `PUT /api/v1/models/{model}/policy`
 * (lib/lifecycle/policy-api.ts; README → Policy as code).
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import { isoDateTime as iso, modelParam } from "../api/schemas";
import { policySchema } from "../policy";

const policyComponent = component("Policy", policySchema, "A model's policy: eval gates, approvals, rollout, guardrails.");

const policyDocumentSchema = component(
  "PolicyDocument",
  z.object({
    model: z.string(),
    policy: policyComponent,
    revision: z.number().int().meta({ description: "Bumped by every change of the policy; its ETag. Send it back as `If-Match`." }),
    updatedAt: iso.meta({ description: "When the policy in force was written (the model's registration if never changed)." }),
    source: z
      .object({
        via: z.string().meta({ description: "`ui` (the Settings or Reviewers tab), `api` (this endpoint), `seed` or `system`." }),
        actor: z.string().nullable().meta({ description: "Who wrote it: a user's name, or `token <name>`." }),
        at: iso,
      })
      .nullable()
      .meta({ description: "Where the policy in force came from; null for the policy the model was registered with." }),
    pending: z
      .object({ id: z.string(), weakens: z.array(z.string()), proposedBy: z.string(), proposedAt: iso })
      .nullable()
      .meta({ description: "A change that weakens the approval gate, waiting for a second admin to confirm it." }),
  }),
);

const appliedSchema = policyDocumentSchema.extend({
  changed: z.boolean().meta({ description: "false when the policy was already exactly this, or when the change waits (202)." }),
  dryRun: z.boolean().optional().meta({ description: "With `?dry_run=true`: nothing was written; `policy` is what would be stored." }),
  weakens: z
    .array(z.string())
    .optional()
    .meta({ description: "With `?dry_run=true`: how the change weakens the approval gate (applying it would wait for a second admin)." }),
});

const RULES = `Policy as code: keep \`policy.yaml\` beside the model's code and apply it from CI (\`rollgate policy apply\`).

- The body is the policy as JSON, or as YAML with \`Content-Type: application/yaml\`; the document \`GET\` returns
  (\`{model, policy, …}\`) is accepted too, when its \`model\` is this one. Defaults are filled in, as on the Settings tab.
- \`If-Match: "<revision>"\` (the \`ETag\` of \`GET\`): refused with 412, nothing written, when the policy changed since.
  Without it the policy is replaced whatever its revision.
- The same policy again changes nothing: 200 with \`changed: false\`, no audit event, the revision stays.
- A change that weakens the approval gate (fewer approvers, a shorter independence window, a rule removed or widened) is not
  applied: it waits for a second admin to confirm it on the model's Settings tab (202). A token is never that second admin.
- Every applied change is audited as \`model.policy_updated\` with before and after, and recorded as the policy's source.`;

export const getPolicyRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/policy",
  operationId: "getPolicy",
  summary: "Read a model's policy",
  description:
    "The policy in force, its revision (also the `ETag`) and where it came from. `Accept: application/yaml` (or `?format=yaml`) " +
    "returns the same document as YAML, ready to commit as `policy.yaml`.",
  tags: ["lifecycle"],
  access: { scope: ["routes:read", "policy:write"], session: "models:read" },
  params: { model: modelParam },
  query: z.object({
    format: z.enum(["json", "yaml"], { error: "format must be json or yaml" }).optional(),
  }),
  responses: {
    200: {
      description: "The policy document.",
      json: policyDocumentSchema,
      media: { "application/yaml": { description: "The same document as YAML." } },
      headers: { ETag: 'The revision, e.g. `"7"`: send it back as `If-Match`.' },
    },
  },
  errors: ["Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"],
});

export const MAX_POLICY_BYTES = 100_000;

export const putPolicyRoute = defineRoute({
  method: "PUT",
  path: "/api/v1/models/{model}/policy",
  operationId: "applyPolicy",
  summary: "Apply a model's policy",
  description: RULES,
  tags: ["lifecycle"],
  access: { scope: "policy:write", session: "policy:edit" },
  params: { model: modelParam },
  query: z.object({
    dry_run: z
      .enum(["true", "false", "1", "0"], { error: "dry_run must be true or false" })
      .optional()
      .transform((v) => v === "true" || v === "1")
      .meta({ description: "Validate and answer with the policy as it would be stored (defaults filled in), writing nothing." }),
  }),
  headers: [{ name: "If-Match", description: "The revision the change was made against (the ETag of GET).", example: '"7"' }],
  body: {
    read: "raw",
    schema: policyComponent,
    required: true,
    name: "Policy",
    description: "The policy (or the document GET returns), as JSON or YAML.",
    mediaTypes: ["application/json", "application/yaml"],
  },
  responses: {
    200: {
      description: "Applied, or already exactly this (`changed: false`).",
      json: appliedSchema,
      headers: { ETag: "The new revision." },
    },
    202: {
      description: "The change weakens the approval gate: it waits for a second admin; `policy` is still the one in force.",
      json: appliedSchema,
    },
  },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Conflict", "PreconditionFailed", "PayloadTooLarge", "SchemaError", "Unavailable"],
});

export const policyContracts = [getPolicyRoute, putPolicyRoute];
