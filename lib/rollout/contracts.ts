/**
 * Release control's endpoints: the production release, its moves (rollback, pause, resume,
 * advance, promote, abort), its stream for the release page, tenant pins and incidents.
 * Response schemas are checked against the DTOs the service returns (`satisfies`).
 */
import { z } from "zod";
import { IncidentStatus, ReleaseMode, ReleaseState } from "../../generated/prisma/enums";
import { component, defineRoute } from "../api/contract";
import { etagHeader, ifMatchHeader, isoDateTime as iso, modelParam } from "../api/schemas";
import { auditEventSchema } from "../audit/event-schema";
import { stageSchema } from "../registry";
import type { IncidentDetail } from "./incidents";
import { incidentListQuerySchema, moveBodySchema, pinBodySchema, rollbackBodySchema, tenantSchema, unpinBodySchema } from "./schemas";
import type { MoveResult, RollbackResult } from "./service";

const isoOrNull = iso.nullable();

const releaseModeSchema = z.enum(ReleaseMode);
const releaseStateSchema = z.enum(ReleaseState);

const releaseViewShape = {
  model: z.string(),
  environment: z.string().meta({ example: "production" }),
  epoch: z.number().int().meta({ description: "Bumped by every change; the routing table's ETag. Send it back as `If-Match`." }),
  state: releaseStateSchema,
  mode: releaseModeSchema,
  stable: z.string().nullable().meta({ description: "The version serving the traffic the candidate does not get." }),
  previousStable: z.string().nullable().meta({ description: "The warm rollback target." }),
  candidate: z
    .object({
      version: z.string(),
      percent: z.number().meta({ description: "Percent of routing keys (shadow: of requests copied to it)." }),
    })
    .nullable(),
  steps: z.array(z.number()).meta({ description: "Ramp steps in percent; [100] for blue-green, empty for a shadow." }),
  stepIndex: z.number().int(),
  bakeMinutes: z.number().int(),
  stepStartedAt: isoOrNull,
  rolloutStartedAt: isoOrNull,
  completedAt: isoOrNull,
};

const moveResultSchema = component(
  "MoveResult",
  z.object({
    ...releaseViewShape,
    outcome: z.enum(["started", "advanced", "paused", "resumed", "completed", "aborted", "rolled_back"]),
    previousEpoch: z.number().int().meta({ description: "The epoch this move replaced." }),
    stages: z
      .array(z.object({ version: z.string(), from: stageSchema, to: stageSchema }))
      .meta({ description: "The versions whose lifecycle stage the move changed." }),
  }) satisfies z.ZodType<MoveResult>,
);

const rollbackResultSchema = component(
  "RollbackResult",
  moveResultSchema.extend({
    stable: z.string().meta({ description: "The version serving all traffic after the rollback." }),
    rolledBackFrom: z.string().meta({ description: "The version taken out of service." }),
    incidentId: z.string().meta({ description: "The incident the rollback opened." }),
  }) satisfies z.ZodType<RollbackResult>,
);

export const pinResultSchema = component(
  "PinResult",
  z.object({
    model: z.string(),
    tenant: z.string(),
    version: z.string().nullable().meta({ description: "The pinned version; null after an unpin." }),
    previousVersion: z.string().nullable(),
    reason: z.string(),
    epoch: z.number().int(),
    changed: z.boolean().meta({ description: "False when the tenant was already pinned to this version: nothing was written." }),
  }),
);

const versionRefShape = {
  version: z.string(),
  stage: stageSchema.nullable().meta({ description: "Null for a version that is not registered." }),
};

const incidentSummaryShape = {
  id: z.string(),
  model: z.string(),
  fromVersion: z.string().meta({ description: "The version taken out of service." }),
  toVersion: z.string().meta({ description: "The version serving after the rollback." }),
  trigger: z.string().meta({ description: "user | api | guardrail" }),
  triggeredBy: z.string(),
  reason: z.string(),
  status: z.enum(IncidentStatus),
  rolloutStartedAt: isoOrNull,
  rolledBackAt: iso,
  closedAt: isoOrNull,
  noteCount: z.number().int(),
};

export const incidentSummarySchema = component("IncidentSummary", z.object(incidentSummaryShape));

const incidentDetailSchema = component(
  "IncidentDetail",
  z.object({
    ...incidentSummaryShape,
    epochBefore: z.number().int(),
    epochAfter: z.number().int(),
    metricsBefore: z.unknown().meta({ description: "What the guardrail saw before the rollback, when it recorded it." }),
    metricsAfter: z.unknown(),
    rootCause: z.string(),
    prevention: z.string(),
    closedBy: z.string().nullable(),
    notes: z.array(z.object({ id: z.string(), author: z.string(), body: z.string(), createdAt: iso })),
    timeline: z
      .array(
        z.object({
          at: iso,
          kind: z.enum(["event", "note"]),
          action: z.string(),
          actor: z.string(),
          subject: z.string(),
          reason: z.string().nullable(),
          before: z.unknown(),
          after: z.unknown(),
        }),
      )
      .meta({ description: "Oldest first: the model's audit events and the notes, from the rollout's start until now." }),
  }) satisfies z.ZodType<IncidentDetail>,
);

const rollbackPreviewShape = { sentence: z.string(), pinnedTenants: z.array(z.string()) };

export const releaseDetailSchema = component(
  "ReleaseDetail",
  z.object({
    model: z.object({ key: z.string(), name: z.string() }),
    environment: z.string(),
    exists: z.boolean().meta({ description: "False before any version was approved: the rest describes an empty release." }),
    epoch: z.number().int(),
    state: releaseStateSchema,
    mode: releaseModeSchema,
    stable: z.object({ ...versionRefShape, promotedAt: isoOrNull }).nullable(),
    previousStable: z.object(versionRefShape).nullable(),
    candidate: z.object({ ...versionRefShape, percent: z.number() }).nullable(),
    split: z
      .object({ stable: z.number(), candidate: z.number(), shadow: z.number() })
      .meta({ description: "Percent of routing keys served by each side; shadow: the share of requests copied to the candidate." }),
    steps: z.array(
      z.object({
        index: z.number().int(),
        percent: z.number(),
        status: z.enum(["done", "current", "pending", "skipped"]),
        startedAt: isoOrNull,
        bakeEndsAt: isoOrNull,
      }),
    ),
    stepIndex: z.number().int(),
    bakeMinutes: z.number().int(),
    stepStartedAt: isoOrNull,
    rolloutStartedAt: isoOrNull,
    completedAt: isoOrNull,
    updatedAt: isoOrNull,
    pins: z.array(z.object({ tenant: z.string(), version: z.string(), reason: z.string(), createdBy: z.string(), createdAt: iso })),
    moves: z
      .object({
        advance: z.boolean(),
        pause: z.boolean(),
        resume: z.boolean(),
        promoteNow: z.boolean(),
        abort: z.boolean(),
        rollback: z.boolean(),
      })
      .meta({ description: "Which moves the release allows now (the caller's role or scope still applies)." }),
    rollback: z
      .discriminatedUnion("possible", [
        z.object({
          possible: z.literal(true),
          kind: z.enum(["candidate", "previous"]),
          from: z.string().meta({ description: "The version taken out of service." }),
          to: z
            .string()
            .meta({ description: "The rollback target: the version serving all traffic afterwards. Every page shows this one." }),
          fromAfter: z.object({ stage: stageSchema, sentence: z.string() }).meta({
            description:
              "What happens to the version taken out of service: a rolled-back candidate goes back to STAGING (not rejected; its approvals no longer count, a new approval rolls it out again); a rolled-back stable is RETIRED.",
          }),
          ...rollbackPreviewShape,
        }),
        z.object({ possible: z.literal(false), ...rollbackPreviewShape }),
      ])
      .meta({ description: "What the Rollback button (and POST …/release/rollback without to_version) does now, in words." }),
    guardrails: z
      .object({
        watching: z.enum(["canary", "post_promotion"]).nullable(),
        version: z.string().nullable().meta({ description: "The version under watch." }),
        until: isoOrNull.meta({ description: "When a post-promotion watch ends." }),
        sentence: z.string(),
      })
      .meta({
        description:
          "Whether the guardrails watch the release now; when nothing is watched their last decision is history, not the current state.",
      }),
    forceRollbackTargets: z.array(z.object({ version: z.string(), stage: stageSchema, promotedAt: isoOrNull })),
    openIncidents: z.array(incidentSummarySchema),
    history: z.array(auditEventSchema).meta({ description: "The release's audit events (moves, pins), newest first." }),
  }),
);

const RELEASE_MOVES = `Every move is one transaction: a compare-and-swap on the release's epoch, the epoch + 1, the
versions' stage changes, audit and outbox events, and a routing notification, so every inference service
sees the new table within about a second.

- 200: the release after the move, with its new epoch (also as \`ETag\`).
- 409: the release's state does not allow the move (the message says why), or another change won a race.
- 412: \`If-Match\` names an epoch the release has left.
- 422: a bad body (\`issues\` names every bad field) or a malformed \`If-Match\`.`;

type ReleaseMoveName = "pause" | "resume" | "advance" | "promote" | "abort";

const MOVE_DOCS: Record<ReleaseMoveName, { summary: string; operationId: string; description: string }> = {
  pause: {
    summary: "Pause the running rollout",
    operationId: "pauseRelease",
    description: "Holds the candidate at its current share until resumed; the guardrail loop stops advancing it.",
  },
  resume: { summary: "Resume a paused rollout", operationId: "resumeRelease", description: "The current step's bake time starts again." },
  advance: {
    summary: "Advance the rollout one ramp step",
    operationId: "advanceRelease",
    description:
      "Moves the candidate to the next step; from the last step it completes the rollout: candidate → stable (PROD), " +
      "old stable → previous stable (PROD_PREVIOUS, the warm rollback target).",
  },
  promote: {
    summary: "Complete the rollout now",
    operationId: "promoteRelease",
    description: "Completes the rollout from any step (a shadow is promoted): candidate → stable, old stable → previous stable.",
  },
  abort: {
    summary: "Abort the rollout",
    operationId: "abortRelease",
    description: "Discards the candidate (REJECTED); the stable version keeps all traffic. Opens no incident (a rollback does).",
  },
};

/** Release-control bodies are a reason and a version at most. */
export const MAX_RELEASE_BODY_BYTES = 16 * 1024;

/**
 * A release-control body: JSON within MAX_RELEASE_BODY_BYTES; an empty body reads as `{}`, so the
 * schema names what is missing (moves may be sent without one).
 */
function releaseBody<S extends z.ZodType>(name: string, schema: S, required: boolean, description: string) {
  return { read: "json", schema, required, emptyAsObject: true, maxBytes: MAX_RELEASE_BODY_BYTES, name, description } as const;
}

/** What every write to the release shares: the tag, the scope, `If-Match`, and its refusals. */
const RELEASE_WRITE = {
  tags: ["release"],
  access: { scope: "release:write" },
  headers: [ifMatchHeader],
  errors: ["Unauthorized", "Forbidden", "NotFound", "Conflict", "PreconditionFailed", "PayloadTooLarge", "SchemaError", "Unavailable"],
} as const;

export const getReleaseRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/release",
  operationId: "getRelease",
  summary: "Get the production release",
  description:
    "The release page's data: the split, the ramp steps with their start times, tenant pins, the versions it points at, " +
    "which moves apply now, what a rollback would do, open incidents and recent moves. `ETag` is the epoch to send back " +
    "as `If-Match`.",
  tags: ["release"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam },
  responses: { 200: { description: "The release.", headers: { ETag: 'The epoch, e.g. `"12"`.' }, json: releaseDetailSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Unavailable"],
});

export const rollbackRoute = defineRoute({
  method: "POST",
  path: "/api/v1/models/{model}/release/rollback",
  operationId: "rollbackRelease",
  summary: "Roll back",
  description:
    "Puts traffic back on the last good version and opens an incident, in one transaction. While a rollout runs, the " +
    "candidate goes to 0 % and the stable stays; after a completed rollout, the stable becomes the previous stable again. " +
    "With `to_version`, a force rollback to that earlier version (one that was PROD and is neither deprecated nor " +
    "archived). Two rollbacks at once: one succeeds, the other gets 409 (or 412 with `If-Match`).\n\n" +
    RELEASE_MOVES.replace(
      "the release's state does not allow the move (the message says why)",
      "nothing can be rolled back (the message says why)",
    ),
  ...RELEASE_WRITE,
  params: { model: modelParam },
  body: releaseBody(
    "RollbackBody",
    rollbackBodySchema,
    true,
    "`POST …/release/rollback`: why (it opens the incident), and optionally the version to force a rollback to.",
  ),
  responses: { 200: { description: "Rolled back; the incident it opened.", headers: etagHeader, json: rollbackResultSchema } },
});

const moveBody = releaseBody(
  "MoveBody",
  moveBodySchema,
  false,
  "`POST …/release/{pause,resume,advance,promote,abort}`: an optional reason for the audit trail. The body may be empty.",
);

function moveRoute<const M extends ReleaseMoveName>(move: M) {
  const doc = MOVE_DOCS[move];
  return defineRoute({
    method: "POST",
    path: `/api/v1/models/{model}/release/${move}`,
    operationId: doc.operationId,
    summary: doc.summary,
    description: `${doc.description}\n\n${RELEASE_MOVES}`,
    ...RELEASE_WRITE,
    params: { model: modelParam },
    body: moveBody,
    responses: { 200: { description: "The release after the move.", headers: etagHeader, json: moveResultSchema } },
  });
}

export const moveRoutes = {
  pause: moveRoute("pause"),
  resume: moveRoute("resume"),
  advance: moveRoute("advance"),
  promote: moveRoute("promote"),
  abort: moveRoute("abort"),
};

export const streamReleaseRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/release/stream",
  operationId: "streamRelease",
  summary: "Follow the production release (Server-Sent Events)",
  description:
    "A `text/event-stream` for the release page: one `release` event with the same JSON as `GET …/release` (its epoch as " +
    "the event id) at once, then one after every change; heartbeat comments every 15 s. The stream ends after 10 minutes " +
    "and EventSource reconnects (`retry: 2000`), which checks the caller's access again. Inference services follow the " +
    "data plane's routes stream instead.",
  tags: ["release"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam },
  responses: {
    200: {
      description: "The event stream; each `release` event's `data` is a ReleaseDetail (components.schemas) as JSON.",
      media: { "text/event-stream": {} },
    },
  },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Unavailable"],
});

const tenantParam = {
  description: "The tenant id as inference services send it.",
  schema: tenantSchema,
};

export const pinTenantRoute = defineRoute({
  method: "PUT",
  path: "/api/v1/models/{model}/pins/{tenant}",
  operationId: "pinTenant",
  summary: "Pin a tenant to a version",
  description:
    "The tenant's requests get this version whatever the split (pins win). Bumps the release's epoch like any move. " +
    "200 with `changed: false` when the tenant was already pinned to it. 409 when the version is deprecated or archived; " +
    "422 when it is not a version of the model; 412 with a stale `If-Match`.",
  ...RELEASE_WRITE,
  params: { model: modelParam, tenant: tenantParam },
  body: releaseBody("PinBody", pinBodySchema, true, "`PUT …/pins/{tenant}`: the version the tenant is served."),
  responses: { 200: { description: "Pinned.", headers: etagHeader, json: pinResultSchema } },
});

export const unpinTenantRoute = defineRoute({
  method: "DELETE",
  path: "/api/v1/models/{model}/pins/{tenant}",
  operationId: "unpinTenant",
  summary: "Unpin a tenant",
  description: "The tenant follows the split again. 404 when it is not pinned; 412 with a stale `If-Match`.",
  ...RELEASE_WRITE,
  params: { model: modelParam, tenant: tenantParam },
  body: releaseBody("UnpinBody", unpinBodySchema, false, "`DELETE …/pins/{tenant}`: an optional reason. The body may be empty."),
  responses: { 200: { description: "Unpinned (`version` is null).", headers: etagHeader, json: pinResultSchema } },
});

export const listIncidentsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/incidents",
  operationId: "listIncidents",
  summary: "List incidents",
  description: "Every rollback opens an incident. Newest first.",
  tags: ["incidents"],
  access: { scope: "audit:read", session: "models:read" },
  query: incidentListQuerySchema,
  responses: { 200: { description: "The incidents.", json: z.object({ incidents: z.array(incidentSummarySchema) }) } },
  errors: ["Unauthorized", "Forbidden", "SchemaError", "Unavailable"],
});

export const getIncidentRoute = defineRoute({
  method: "GET",
  path: "/api/v1/incidents/{id}",
  operationId: "getIncident",
  summary: "Get an incident",
  description: "The incident with its notes, root cause, prevention task and a timeline of the model from the rollout's start.",
  tags: ["incidents"],
  access: { scope: "audit:read", session: "models:read" },
  params: { id: { description: "The incident id.", schema: z.string() } },
  responses: { 200: { description: "The incident.", json: incidentDetailSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Unavailable"],
});

export const releaseContracts = [
  getReleaseRoute,
  rollbackRoute,
  ...Object.values(moveRoutes),
  streamReleaseRoute,
  pinTenantRoute,
  unpinTenantRoute,
  listIncidentsRoute,
  getIncidentRoute,
];
