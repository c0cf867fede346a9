/**
 * The OpenAPI 3.1 document served at `GET /api/v1/openapi.json`. Request bodies and query
 * parameters are converted from the zod schemas the route handlers validate with, so the
 * document cannot drift from what the server accepts. Response bodies are described by zod
 * schemas here that are type-checked against the DTOs the handlers return (`satisfies`),
 * so renaming a DTO field without updating its description fails the type-check.
 *
 * Only endpoints that exist are listed, and every route under app/api/v1 is (openapi-coverage.test.ts
 * fails naming any method and path missing here). Feature areas contribute their paths from their
 * own module (lib/drift, lib/telemetry, lib/guardrails → openapi.ts, with the helpers passed in).
 */
import { z } from "zod";
import { Decision, IncidentStatus, ReleaseMode, ReleaseState, Stage } from "../../generated/prisma/enums";
import packageJson from "../../package.json";
import type { AuditEventDto } from "../audit/queries";
import { auditApiQuerySchema } from "../audit/schemas";
import { DRIFT_SCHEMAS, driftPaths } from "../drift/openapi";
import { GUARDRAIL_SCHEMAS, guardrailPaths } from "../guardrails/openapi";
import { TELEMETRY_REQUEST_SCHEMAS, TELEMETRY_SCHEMAS, telemetryPaths } from "../telemetry/openapi";
import { fieldIssueSchema, isoDateTime as iso, type OpenApiErrorName, type OpenApiHelpers } from "./openapi-parts";
import type { ErrorCode } from "../errors";
import { TOKEN_SCOPES, type TokenScope } from "../auth/permissions";
import type { RecordedEvaluation } from "../lifecycle/evaluations";
import type { GateResult } from "../lifecycle/gates";
import type { EvaluationList } from "../lifecycle/queries";
import { evaluationBodySchema } from "../lifecycle/schemas";
import { manifestSchema } from "../registry/manifest-schema";
import {
  diffQuerySchema,
  versionListQuerySchema,
  type ManifestDiff,
  type ModelSummary,
  type VersionDetail,
  type VersionRow,
} from "../registry/queries";
import { modelKeySchema, registerQuerySchema, type DryRunResult, type RegisteredVersion } from "../registry/service";
import type { IncidentDetail, IncidentSummary } from "../rollout/incidents";
import type { ReleaseDetail } from "../rollout/queries";
import {
  incidentListQuerySchema,
  moveBodySchema,
  pinBodySchema,
  rollbackBodySchema,
  tenantSchema,
  unpinBodySchema,
} from "../rollout/schemas";
import type { MoveResult, PinResult, RollbackResult } from "../rollout/service";

type JsonSchema = Record<string, unknown>;

/** zod → a JSON Schema usable inside the document (2020-12 is OpenAPI 3.1's dialect). */
function jsonSchema(schema: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  // Refinements (digest pinning, increasing steps…) have no JSON Schema form; they are
  // described in prose on the operation and reported as 422 issues.
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    // Responses may gain fields (the API's promise: fields may be added); only inputs are closed.
    override: ({ jsonSchema: js }) => {
      if (io === "output" && js.additionalProperties === false) delete js.additionalProperties;
    },
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** A zod object of query fields → OpenAPI query parameters. */
function queryParameters(schema: z.ZodType): JsonSchema[] {
  const s = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: "query",
      required: s.required?.includes(name) ?? false,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

// ---------------------------------------------------------------------------------------------
// Response shapes

const ERROR_CODES = [
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "schema_error",
  "precondition_failed",
  "payload_too_large",
  "rate_limited",
  "unavailable",
  "internal",
] as const satisfies readonly ErrorCode[];

const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z
      .array(fieldIssueSchema)
      .optional()
      .meta({ description: "With schema_error: every bad field, not just the first." }),
  }),
});

const isoOrNull = iso.nullable();
const stageSchema = z.enum(Stage);

const registeredSchema = z.object({
  model: z.string(),
  version: z.string(),
  stage: z.string(),
  contentHash: z.string().meta({ description: "sha256 of the canonical manifest" }),
  createdAt: iso,
}) satisfies z.ZodType<RegisteredVersion>;

const dryRunSchema = z.object({
  valid: z.literal(true),
  wouldBe: z.enum(["created", "unchanged"]),
  contentHash: z.string(),
}) satisfies z.ZodType<DryRunResult>;

const modelSummarySchema = z.object({
  key: z.string(),
  name: z.string(),
  ownerTeam: z.string(),
  description: z.string(),
  prodVersion: z.string().nullable(),
  latestVersion: z.string().nullable(),
  latestStage: stageSchema.nullable(),
  latestAt: isoOrNull,
  versionCount: z.number().int(),
}) satisfies z.ZodType<ModelSummary>;

const versionRowSchema = z.object({
  version: z.string(),
  stage: stageSchema,
  registeredBy: z.string(),
  registeredByType: z.string(),
  createdAt: iso,
  changelogLine: z.string(),
  parentVersion: z.string().nullable(),
  contentHash: z.string(),
  deprecatesAt: isoOrNull,
}) satisfies z.ZodType<VersionRow>;

const lineageNodeSchema = z.object({ version: z.string(), stage: stageSchema, createdAt: iso });

const evaluationSchema = z.object({
  id: z.string(),
  dataset: z.string(),
  metrics: z.unknown().meta({ description: "Metric name → value, as CI sent them." }),
  replay: z.unknown().meta({ description: "The replay result as sent, or null." }),
  baselineVersion: z.string().nullable().meta({ description: "The PROD version the gates compared with; null when nothing was in PROD." }),
  passed: z.boolean(),
  gates: z.unknown().meta({ description: "Every gate's verdict (see GateResult)." }),
  reasons: z.unknown().meta({ description: "The failed gates' messages (strings)." }),
  createdBy: z.string(),
  createdAt: iso,
});

const versionDetailSchema = z.object({
  model: z.object({ key: z.string(), name: z.string() }),
  version: z.string(),
  stage: stageSchema,
  stageChangedAt: iso,
  isProd: z.boolean(),
  manifest: z.record(z.string(), z.unknown()).meta({ description: "The manifest as registered (see Manifest)." }),
  contentHash: z.string(),
  sourceText: z.string().meta({ description: "The body as it was sent (JSON or YAML)." }),
  sourceFormat: z.string(),
  schemaVersion: z.string(),
  parentVersion: z.string().nullable(),
  changelog: z.string(),
  registeredBy: z.string(),
  registeredByType: z.string(),
  createdAt: iso,
  deprecatesAt: isoOrNull,
  deprecationReason: z.string().nullable(),
  promotedAt: isoOrNull,
  evaluations: z.array(evaluationSchema),
  approvals: z.array(
    z.object({
      reviewer: z.object({ id: z.string(), name: z.string(), email: z.string() }),
      decision: z.enum(Decision),
      comment: z.string(),
      createdAt: iso,
      invalidatedAt: isoOrNull.meta({
        description: "When a rollback of the version's rollout made this decision stop counting (it stays as history); null while it counts.",
      }),
    }),
  ),
  lineage: z.object({
    ancestors: z.array(lineageNodeSchema).meta({ description: "Parent first, at most 10." }),
    truncated: z.boolean(),
    children: z.array(lineageNodeSchema),
  }),
}) satisfies z.ZodType<Omit<VersionDetail, "manifest">>;

const changeSchema = z.object({
  path: z.string().meta({ example: "limits.p95_latency_ms" }),
  kind: z.enum(["added", "removed", "changed"]),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

const diffSchema = z.object({
  model: z.string(),
  from: z.string(),
  to: z.string(),
  changes: z.array(changeSchema),
  sections: z.array(z.object({ id: z.string(), title: z.string(), changes: z.array(changeSchema) })),
}) satisfies z.ZodType<Omit<ManifestDiff, "sections">>;

const gateResultSchema = z.object({
  gate: z.enum(["absolute", "regression", "replay"]),
  rule: z.string().meta({ description: "The rule in words.", example: "f1 >= 0.9" }),
  metric: z.string().meta({ description: "The metric; `replay.agreement` for the replay gate.", example: "f1" }),
  value: z.number().nullable().meta({ description: "The evaluation's value; null when it was not reported." }),
  threshold: z
    .number()
    .nullable()
    .meta({ description: "Absolute gate: the threshold; regression: the allowed drop; replay: the minimum agreement." }),
  baseline: z.number().nullable().optional().meta({ description: "PROD's value of the metric; null when there is no PROD version or it has none." }),
  baselineVersion: z
    .string()
    .nullable()
    .optional()
    .meta({ description: "The PROD version compared with; for the replay gate, the version the replay ran against." }),
  passed: z.boolean(),
  skipped: z.boolean().meta({ description: "The gate could not apply (no PROD version yet, no replay attached) and did not block." }),
  message: z.string(),
}) satisfies z.ZodType<GateResult>;

const recordedEvaluationSchema = z.object({
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
}) satisfies z.ZodType<RecordedEvaluation>;

const evaluationListSchema = z.object({
  model: z.string(),
  version: z.string(),
  stage: stageSchema,
  evaluations: z.array(evaluationSchema).meta({ description: "Newest first." }),
}) satisfies z.ZodType<EvaluationList>;

const auditEventSchema = z.object({
  seq: z.string().meta({ description: "64-bit sequence number, as a string" }),
  at: iso,
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string() }),
  action: z.string().meta({ example: "version.registered" }),
  subject: z.object({ type: z.string(), id: z.string() }),
  modelKey: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
  prevHash: z.string(),
}) satisfies z.ZodType<AuditEventDto>;

// ---------------------------------------------------------------------------------------------
// Release control (lib/rollout)

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
    .object({ version: z.string(), percent: z.number().meta({ description: "Percent of routing keys (shadow: of requests copied to it)." }) })
    .nullable(),
  steps: z.array(z.number()).meta({ description: "Ramp steps in percent; [100] for blue-green, empty for a shadow." }),
  stepIndex: z.number().int(),
  bakeMinutes: z.number().int(),
  stepStartedAt: isoOrNull,
  rolloutStartedAt: isoOrNull,
  completedAt: isoOrNull,
};

const moveResultSchema = z.object({
  ...releaseViewShape,
  outcome: z.enum(["started", "advanced", "paused", "resumed", "completed", "aborted", "rolled_back"]),
  previousEpoch: z.number().int().meta({ description: "The epoch this move replaced." }),
  stages: z
    .array(z.object({ version: z.string(), from: stageSchema, to: stageSchema }))
    .meta({ description: "The versions whose lifecycle stage the move changed." }),
}) satisfies z.ZodType<MoveResult>;

const rollbackResultSchema = moveResultSchema.extend({
  stable: z.string().meta({ description: "The version serving all traffic after the rollback." }),
  rolledBackFrom: z.string().meta({ description: "The version taken out of service." }),
  incidentId: z.string().meta({ description: "The incident the rollback opened." }),
}) satisfies z.ZodType<RollbackResult>;

const pinResultSchema = z.object({
  model: z.string(),
  tenant: z.string(),
  version: z.string().nullable().meta({ description: "The pinned version; null after an unpin." }),
  previousVersion: z.string().nullable(),
  reason: z.string(),
  epoch: z.number().int(),
  changed: z.boolean().meta({ description: "False when the tenant was already pinned to this version: nothing was written." }),
}) satisfies z.ZodType<PinResult>;

const versionRefShape = { version: z.string(), stage: stageSchema.nullable().meta({ description: "Null for a version that is not registered." }) };

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

const incidentSummarySchema = z.object(incidentSummaryShape) satisfies z.ZodType<IncidentSummary>;

const incidentDetailSchema = z.object({
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
}) satisfies z.ZodType<IncidentDetail>;

const rollbackPreviewShape = { sentence: z.string(), pinnedTenants: z.array(z.string()) };

const releaseDetailSchema = z.object({
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
    .object({ advance: z.boolean(), pause: z.boolean(), resume: z.boolean(), promoteNow: z.boolean(), abort: z.boolean(), rollback: z.boolean() })
    .meta({ description: "Which moves the release allows now (the caller's role or scope still applies)." }),
  rollback: z
    .discriminatedUnion("possible", [
      z.object({
        possible: z.literal(true),
        kind: z.enum(["candidate", "previous"]),
        from: z.string().meta({ description: "The version taken out of service." }),
        to: z.string().meta({ description: "The rollback target: the version serving all traffic afterwards. Every page shows this one." }),
        fromAfter: z
          .object({ stage: stageSchema, sentence: z.string() })
          .meta({
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
    .meta({ description: "Whether the guardrails watch the release now; when nothing is watched their last decision is history, not the current state." }),
  forceRollbackTargets: z.array(z.object({ version: z.string(), stage: stageSchema, promotedAt: isoOrNull })),
  openIncidents: z.array(incidentSummarySchema),
  history: z.array(auditEventSchema).meta({ description: "The release's audit events (moves, pins), newest first." }),
}) satisfies z.ZodType<ReleaseDetail>;

const healthSchema = z.object({
  status: z.enum(["ok", "unavailable"]),
  database: z
    .object({
      status: z.enum(["ok", "unreachable"]),
      latencyMs: z.number().optional().meta({ description: "The round trip of `SELECT 1`, when reachable." }),
      error: z
        .string()
        .optional()
        .meta({ description: "Why not, when unreachable: connection_refused, connection_reset, cannot_connect_now, admin_shutdown, timeout, …" }),
    })
    .meta({ description: "PostgreSQL (or the embedded database) as this instance sees it." }),
  dataPlane: z.record(z.string(), z.unknown()).optional().meta({ description: "The routing data plane's state, when it reports one." }),
  db: z.enum(["ok", "unreachable"]).meta({ description: "Same as database.status (kept for existing probes)." }),
  version: z.string(),
});

const SCHEMAS: Record<string, z.ZodType> = {
  Error: errorBodySchema,
  RegisteredVersion: registeredSchema,
  DryRunResult: dryRunSchema,
  ModelSummary: modelSummarySchema,
  VersionRow: versionRowSchema,
  VersionDetail: versionDetailSchema,
  Change: changeSchema,
  Diff: diffSchema,
  GateResult: gateResultSchema,
  RecordedEvaluation: recordedEvaluationSchema,
  EvaluationList: evaluationListSchema,
  AuditEvent: auditEventSchema,
  ReleaseDetail: releaseDetailSchema,
  MoveResult: moveResultSchema,
  RollbackResult: rollbackResultSchema,
  PinResult: pinResultSchema,
  IncidentSummary: incidentSummarySchema,
  IncidentDetail: incidentDetailSchema,
  Health: healthSchema,
  ...DRIFT_SCHEMAS,
  ...TELEMETRY_SCHEMAS,
  ...GUARDRAIL_SCHEMAS,
};

// ---------------------------------------------------------------------------------------------
// Operations

const ERROR_RESPONSES = {
  Unauthorized: "Missing, unknown, revoked or expired token (`unauthorized`).",
  Forbidden: "The token lacks the operation's scope, or the user's role cannot do this (`forbidden`).",
  NotFound: "The model or version does not exist (`not_found`).",
  Conflict:
    "The request conflicts with the current state: a version registered with different content (versions are immutable), " +
    "or a stage move the lifecycle does not allow, or a release move the release's state does not allow (nothing to roll " +
    "back, a paused rollout advanced) or that lost a race with another change (`conflict`).",
  PreconditionFailed:
    "`If-Match` names an epoch the release has left: it moved since the caller read it. Nothing was written; read it " +
    "again and decide again (`precondition_failed`).",
  PayloadTooLarge: "The body is over the limit (`payload_too_large`).",
  SchemaError: "The input is not valid; `issues` lists every bad field with its path (`schema_error`).",
  Unavailable: "The database is unreachable; retry after `Retry-After` seconds (`unavailable`).",
} as const;

type ErrorResponse = keyof typeof ERROR_RESPONSES;
// The feature modules name the error responses by OpenApiErrorName: both lists must agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _errorNamesAgree: Same<ErrorResponse, OpenApiErrorName> = true;

function errors(...names: ErrorResponse[]): Record<string, unknown> {
  const status: Record<ErrorResponse, string> = {
    Unauthorized: "401",
    Forbidden: "403",
    NotFound: "404",
    Conflict: "409",
    PreconditionFailed: "412",
    PayloadTooLarge: "413",
    SchemaError: "422",
    Unavailable: "503",
  };
  return Object.fromEntries(names.map((n) => [status[n], { $ref: `#/components/responses/${n}` }]));
}

const jsonContent = (schema: unknown) => ({ "application/json": { schema } });

/** Who may call an operation, in words and as security requirements. */
function access(scope: TokenScope, session: boolean) {
  return {
    description: session
      ? `Requires a token with scope \`${scope}\`, or a signed-in user.`
      : `Requires a token with scope \`${scope}\`.`,
    security: session ? [{ bearerToken: [scope] }, { sessionCookie: [] }] : [{ bearerToken: [scope] }],
  };
}

function operation(
  summary: string,
  scope: TokenScope | null,
  opts: { session?: boolean; details?: string; [key: string]: unknown },
) {
  const { session = false, details, ...rest } = opts;
  const who = scope ? access(scope, session) : { description: "Public: no authentication.", security: [] };
  return {
    summary,
    description: [details, who.description].filter(Boolean).join("\n\n"),
    security: who.security,
    ...rest,
  };
}

const modelParam = { name: "model", in: "path", required: true, schema: jsonSchema(modelKeySchema) };
const versionParam = {
  name: "version",
  in: "path",
  required: true,
  description: "Version id (YYYY-MM-DD.N).",
  schema: { type: "string", example: "2026-01-15.2" },
};

const REGISTER_RULES = `Registers a model version from its manifest, as JSON (\`application/json\`) or YAML
(\`application/yaml\`); at most 1 MB. The model is created on its first version.

- 201: registered (stage DEV).
- 200: the identical manifest (same canonical content hash) was already registered; nothing is written.
- 409: the version id exists with different content. Versions are immutable: register a new version id.
- 422: every problem at once, each with its field path. Beyond the schema: \`model_version\` is a timestamped
  id (YYYY-MM-DD.N); \`runtime.container\` is pinned by \`@sha256:\` digest; no floating references
  (\`latest\`, \`prod-latest\`, a tag without digest); \`observability.log_fields\` includes \`tenant_id\`,
  \`model_version\`, \`request_id\`; \`limits\` within the model's budgets (\`max_error_rate\` is a fraction,
  0.005 = 0.5 %; default budget 0.05); \`rollout.initial_traffic_percent\` 1–100 and steps increasing;
  \`parent_version\`, if given, is registered; \`schema_version\` not older than PROD's unless
  \`allow_schema_downgrade: true\`.

With \`?dry_run=true\` every check runs and nothing is written: 200 \`DryRunResult\`.`;

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

const tenantParam = {
  name: "tenant",
  in: "path",
  required: true,
  description: "The tenant id as inference services send it.",
  schema: jsonSchema(tenantSchema, "input"),
};

const ifMatchHeader = {
  name: "If-Match",
  in: "header",
  required: false,
  description:
    'The release epoch the caller read, as the routes and release ETag gives it (`"12"`). When the release has moved ' +
    "on since: 412 and nothing is written. Absent or `*`: whatever the release is now.",
  schema: { type: "string", example: '"12"' },
};

const etagHeader = { ETag: { description: 'The release\'s new epoch, e.g. `"13"`.', schema: { type: "string" } } };

const RELEASE_MOVES = `Every move is one transaction: a compare-and-swap on the release's epoch, the epoch + 1, the
versions' stage changes, audit and outbox events, and a routing notification, so every inference service
sees the new table within about a second.

- 200: the release after the move, with its new epoch (also as \`ETag\`).
- 409: the release's state does not allow the move (the message says why), or another change won a race.
- 412: \`If-Match\` names an epoch the release has left.
- 422: a bad body (\`issues\` names every bad field) or a malformed \`If-Match\`.`;

type ReleaseMoveName = "pause" | "resume" | "advance" | "promote" | "abort";

const MOVE_DOCS: Record<ReleaseMoveName, { summary: string; operationId: string; details: string }> = {
  pause: {
    summary: "Pause the running rollout",
    operationId: "pauseRelease",
    details: "Holds the candidate at its current share until resumed; the guardrail loop stops advancing it.",
  },
  resume: { summary: "Resume a paused rollout", operationId: "resumeRelease", details: "The current step's bake time starts again." },
  advance: {
    summary: "Advance the rollout one ramp step",
    operationId: "advanceRelease",
    details: "Moves the candidate to the next step; from the last step it completes the rollout: candidate → stable (PROD), " +
      "old stable → previous stable (PROD_PREVIOUS, the warm rollback target).",
  },
  promote: {
    summary: "Complete the rollout now",
    operationId: "promoteRelease",
    details: "Completes the rollout from any step (a shadow is promoted): candidate → stable, old stable → previous stable.",
  },
  abort: {
    summary: "Abort the rollout",
    operationId: "abortRelease",
    details: "Discards the candidate (REJECTED); the stable version keeps all traffic. Opens no incident (a rollback does).",
  },
};

function releaseMovePaths(): Record<string, unknown> {
  return Object.fromEntries(
    (Object.keys(MOVE_DOCS) as ReleaseMoveName[]).map((move) => {
      const doc = MOVE_DOCS[move];
      return [
        `/api/v1/models/{model}/release/${move}`,
        {
          parameters: [modelParam],
          post: operation(doc.summary, "release:write", {
            operationId: doc.operationId,
            tags: ["release"],
            details: `${doc.details}\n\n${RELEASE_MOVES}`,
            parameters: [ifMatchHeader],
            requestBody: { required: false, content: jsonContent(ref("MoveBody")) },
            responses: {
              "200": { description: "The release after the move.", headers: etagHeader, content: jsonContent(ref("MoveResult")) },
              ...errors("Unauthorized", "Forbidden", "NotFound", "Conflict", "PreconditionFailed", "PayloadTooLarge", "SchemaError", "Unavailable"),
            },
          }),
        },
      ];
    }),
  );
}

function paths(): Record<string, unknown> {
  const helpers: OpenApiHelpers = { operation, errors, queryParameters, ref, jsonContent, modelParam };
  return {
    ...driftPaths(helpers),
    ...telemetryPaths(helpers),
    ...guardrailPaths(helpers),
    "/api/v1/openapi.json": {
      get: operation("This OpenAPI document", null, {
        operationId: "getOpenApiDocument",
        tags: ["health"],
        responses: { "200": { description: "The OpenAPI 3.1 document of this API.", content: jsonContent({ type: "object" }) } },
      }),
    },
    "/api/health": {
      get: operation("Liveness and database reachability", null, {
        operationId: "getHealth",
        tags: ["health"],
        responses: {
          "200": { description: "Up, database reachable.", content: jsonContent(ref("Health")) },
          "503": { description: "The database is unreachable.", content: jsonContent(ref("Health")) },
        },
      }),
    },
    "/api/v1/models": {
      get: operation("List models", "routes:read", {
        session: true,
        operationId: "listModels",
        tags: ["registry"],
        details: "Every model with the version in PROD (the production release's stable version), its latest version and owner.",
        responses: {
          "200": {
            description: "The models, by key.",
            content: jsonContent({ type: "object", properties: { models: { type: "array", items: ref("ModelSummary") } }, required: ["models"] }),
          },
          ...errors("Unauthorized", "Forbidden", "Unavailable"),
        },
      }),
    },
    "/api/v1/models/{model}/versions": {
      parameters: [modelParam],
      post: operation("Register a version", "registry:write", {
        operationId: "registerVersion",
        tags: ["registry"],
        details: REGISTER_RULES,
        parameters: queryParameters(registerQuerySchema),
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: ref("Manifest") },
            "application/yaml": { schema: ref("Manifest") },
          },
        },
        responses: {
          "201": { description: "Registered.", content: jsonContent(ref("RegisteredVersion")) },
          "200": {
            description: "Already registered with identical content, or (with dry_run) the checks passed.",
            content: jsonContent({ oneOf: [ref("RegisteredVersion"), ref("DryRunResult")] }),
          },
          ...errors("Unauthorized", "Forbidden", "Conflict", "PayloadTooLarge", "SchemaError", "Unavailable"),
        },
      }),
      get: operation("List a model's versions", "routes:read", {
        session: true,
        operationId: "listVersions",
        tags: ["registry"],
        parameters: queryParameters(versionListQuerySchema),
        responses: {
          "200": {
            description: "One page of versions.",
            content: jsonContent({
              type: "object",
              properties: {
                model: { type: "string" },
                versions: { type: "array", items: ref("VersionRow") },
                total: { type: "integer" },
                page: { type: "integer" },
                pageSize: { type: "integer" },
              },
              required: ["model", "versions", "total", "page", "pageSize"],
            }),
          },
          ...errors("Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"),
        },
      }),
    },
    "/api/v1/models/{model}/versions/{version}": {
      parameters: [modelParam, versionParam],
      get: operation("Get a version", "routes:read", {
        session: true,
        operationId: "getVersion",
        tags: ["registry"],
        details: "Stage, manifest, content hash, evaluations, approvals and lineage.",
        responses: {
          "200": { description: "The version.", content: jsonContent(ref("VersionDetail")) },
          ...errors("Unauthorized", "Forbidden", "NotFound", "Unavailable"),
        },
      }),
    },
    "/api/v1/models/{model}/versions/{version}/evaluations": {
      parameters: [modelParam, versionParam],
      post: operation("Record an evaluation and apply the gates", "registry:write", {
        operationId: "recordEvaluation",
        tags: ["lifecycle"],
        details: EVALUATION_RULES,
        requestBody: { required: true, content: jsonContent(ref("EvaluationBody")) },
        responses: {
          "201": { description: "Recorded, with the gates' verdict and the version's stage.", content: jsonContent(ref("RecordedEvaluation")) },
          ...errors("Unauthorized", "Forbidden", "NotFound", "Conflict", "PayloadTooLarge", "SchemaError", "Unavailable"),
        },
      }),
      get: operation("List a version's evaluations", "routes:read", {
        session: true,
        operationId: "listEvaluations",
        tags: ["lifecycle"],
        responses: {
          "200": { description: "Every evaluation of the version, newest first.", content: jsonContent(ref("EvaluationList")) },
          ...errors("Unauthorized", "Forbidden", "NotFound", "Unavailable"),
        },
      }),
    },
    "/api/v1/models/{model}/diff": {
      parameters: [modelParam],
      get: operation("Diff two versions' manifests", "routes:read", {
        session: true,
        operationId: "diffVersions",
        tags: ["registry"],
        details: "Structural diff: one entry per changed path (arrays of named items are matched by name), also grouped by manifest section.",
        parameters: queryParameters(diffQuerySchema),
        responses: {
          "200": { description: "The changes from `from` to `to`.", content: jsonContent(ref("Diff")) },
          ...errors("Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"),
        },
      }),
    },
    "/api/v1/models/{model}/release": {
      parameters: [modelParam],
      get: operation("Get the production release", "routes:read", {
        session: true,
        operationId: "getRelease",
        tags: ["release"],
        details:
          "The release page's data: the split, the ramp steps with their start times, tenant pins, the versions it points at, " +
          "which moves apply now, what a rollback would do, open incidents and recent moves. `ETag` is the epoch to send back " +
          "as `If-Match`.",
        responses: {
          "200": { description: "The release.", headers: { ETag: { description: 'The epoch, e.g. `"12"`.', schema: { type: "string" } } }, content: jsonContent(ref("ReleaseDetail")) },
          ...errors("Unauthorized", "Forbidden", "NotFound", "Unavailable"),
        },
      }),
    },
    "/api/v1/models/{model}/release/rollback": {
      parameters: [modelParam],
      post: operation("Roll back", "release:write", {
        operationId: "rollbackRelease",
        tags: ["release"],
        details:
          "Puts traffic back on the last good version and opens an incident, in one transaction. While a rollout runs, the " +
          "candidate goes to 0 % and the stable stays; after a completed rollout, the stable becomes the previous stable again. " +
          "With `to_version`, a force rollback to that earlier version (one that was PROD and is neither deprecated nor " +
          "archived). Two rollbacks at once: one succeeds, the other gets 409 (or 412 with `If-Match`).\n\n" +
          RELEASE_MOVES.replace("the release's state does not allow the move (the message says why)", "nothing can be rolled back (the message says why)"),
        parameters: [ifMatchHeader],
        requestBody: { required: true, content: jsonContent(ref("RollbackBody")) },
        responses: {
          "200": { description: "Rolled back; the incident it opened.", headers: etagHeader, content: jsonContent(ref("RollbackResult")) },
          ...errors("Unauthorized", "Forbidden", "NotFound", "Conflict", "PreconditionFailed", "PayloadTooLarge", "SchemaError", "Unavailable"),
        },
      }),
    },
    ...releaseMovePaths(),
    "/api/v1/models/{model}/release/stream": {
      parameters: [modelParam],
      get: operation("Follow the production release (Server-Sent Events)", "routes:read", {
        session: true,
        operationId: "streamRelease",
        tags: ["release"],
        details:
          "A `text/event-stream` for the release page: one `release` event with the same JSON as `GET …/release` (its epoch as " +
          "the event id) at once, then one after every change; heartbeat comments every 15 s. The stream ends after 10 minutes " +
          "and EventSource reconnects (`retry: 2000`), which checks the caller's access again. Inference services follow the " +
          "data plane's routes stream instead.",
        responses: {
          "200": {
            description: "The event stream; each `release` event's `data` is a ReleaseDetail (components.schemas) as JSON.",
            content: { "text/event-stream": { schema: { type: "string" } } },
          },
          ...errors("Unauthorized", "Forbidden", "NotFound", "Unavailable"),
        },
      }),
    },
    "/api/v1/models/{model}/pins/{tenant}": {
      parameters: [modelParam, tenantParam],
      put: operation("Pin a tenant to a version", "release:write", {
        operationId: "pinTenant",
        tags: ["release"],
        details:
          "The tenant's requests get this version whatever the split (pins win). Bumps the release's epoch like any move. " +
          "200 with `changed: false` when the tenant was already pinned to it. 409 when the version is deprecated or archived; " +
          "422 when it is not a version of the model; 412 with a stale `If-Match`.",
        parameters: [ifMatchHeader],
        requestBody: { required: true, content: jsonContent(ref("PinBody")) },
        responses: {
          "200": { description: "Pinned.", headers: etagHeader, content: jsonContent(ref("PinResult")) },
          ...errors("Unauthorized", "Forbidden", "NotFound", "Conflict", "PreconditionFailed", "PayloadTooLarge", "SchemaError", "Unavailable"),
        },
      }),
      delete: operation("Unpin a tenant", "release:write", {
        operationId: "unpinTenant",
        tags: ["release"],
        details: "The tenant follows the split again. 404 when it is not pinned; 412 with a stale `If-Match`.",
        parameters: [ifMatchHeader],
        requestBody: { required: false, content: jsonContent(ref("UnpinBody")) },
        responses: {
          "200": { description: "Unpinned (`version` is null).", headers: etagHeader, content: jsonContent(ref("PinResult")) },
          ...errors("Unauthorized", "Forbidden", "NotFound", "Conflict", "PreconditionFailed", "PayloadTooLarge", "SchemaError", "Unavailable"),
        },
      }),
    },
    "/api/v1/incidents": {
      get: operation("List incidents", "audit:read", {
        session: true,
        operationId: "listIncidents",
        tags: ["incidents"],
        details: "Every rollback opens an incident. Newest first.",
        parameters: queryParameters(incidentListQuerySchema),
        responses: {
          "200": {
            description: "The incidents.",
            content: jsonContent({ type: "object", properties: { incidents: { type: "array", items: ref("IncidentSummary") } }, required: ["incidents"] }),
          },
          ...errors("Unauthorized", "Forbidden", "SchemaError", "Unavailable"),
        },
      }),
    },
    "/api/v1/incidents/{id}": {
      parameters: [{ name: "id", in: "path", required: true, description: "The incident id.", schema: { type: "string" } }],
      get: operation("Get an incident", "audit:read", {
        session: true,
        operationId: "getIncident",
        tags: ["incidents"],
        details: "The incident with its notes, root cause, prevention task and a timeline of the model from the rollout's start.",
        responses: {
          "200": { description: "The incident.", content: jsonContent(ref("IncidentDetail")) },
          ...errors("Unauthorized", "Forbidden", "NotFound", "Unavailable"),
        },
      }),
    },
    "/api/v1/audit": {
      get: operation("List or export the audit trail", "audit:read", {
        session: true,
        operationId: "listAuditEvents",
        tags: ["audit"],
        details:
          "Newest first. `format=json` returns a page with `nextCursor` (pass it as `cursor`); `ndjson`, `csv` " +
          "and `json` with `download=true` stream the whole filtered trail as an attachment. `from`/`to` take an " +
          "ISO date (a whole UTC day) or a date-time with a zone, both inclusive.",
        parameters: queryParameters(auditApiQuerySchema),
        responses: {
          "200": {
            description: "A page of events, or the export.",
            content: {
              ...jsonContent({
                type: "object",
                properties: { events: { type: "array", items: ref("AuditEvent") }, nextCursor: { type: "string" } },
                required: ["events"],
              }),
              "application/x-ndjson": { schema: { type: "string" } },
              "text/csv": { schema: { type: "string" } },
            },
          },
          ...errors("Unauthorized", "Forbidden", "SchemaError", "Unavailable"),
        },
      }),
    },
    "/api/v1/audit/verify": {
      get: operation("Verify the audit hash chain", "audit:read", {
        session: true,
        operationId: "verifyAuditChain",
        tags: ["audit"],
        responses: {
          "200": {
            description: "Whether the chain is intact, and the first bad sequence number if not.",
            content: jsonContent({
              type: "object",
              properties: {
                ok: { type: "boolean" },
                events: { type: "integer" },
                firstBadSeq: { type: "string" },
                problem: { type: "string" },
                checkpoints: {
                  type: "object",
                  description: "What the signed checkpoints say (docs/audit-trail.md).",
                  properties: {
                    keyId: { type: "string" },
                    checked: { type: "integer" },
                    otherKey: { type: "integer" },
                    latest: { type: ["object", "null"] },
                  },
                },
              },
              required: ["ok", "events"],
            }),
          },
          ...errors("Unauthorized", "Forbidden", "Unavailable"),
        },
      }),
    },
    "/api/v1/audit/checkpoints": {
      get: operation("List the signed audit checkpoints, newest first", "audit:read", {
        session: true,
        operationId: "listAuditCheckpoints",
        tags: ["audit"],
        parameters: [{ name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 500, default: 20 } }],
        responses: {
          "200": { description: "`{keyId, algorithm, publicKeyPem, checkpoints: [{id, position, headHash, eventCount, signedAt, keyId, algorithm, signature}]}`" },
          ...errors("Unauthorized", "Forbidden", "SchemaError", "Unavailable"),
        },
      }),
      post: {
        summary: "Sign a checkpoint of the audit chain's head now",
        description:
          "Signed-in admins only, with the session cookie; API tokens are refused (the schedule signs checkpoints anyway, and each one is also a webhook event).",
        security: [{ sessionCookie: [] }],
        operationId: "createAuditCheckpoint",
        tags: ["audit"],
        responses: {
          "201": { description: "The signed checkpoint, with `publicKeyPem`." },
          ...errors("Unauthorized", "Forbidden", "Conflict", "Unavailable"),
        },
      },
    },
  };
}

function buildDocument(): Record<string, unknown> {
  const schemas: Record<string, unknown> = {
    Manifest: {
      ...jsonSchema(manifestSchema, "input"),
      description: "A release manifest (README → Register your first model from CI). Field names are snake_case, as in the YAML.",
    },
  };
  schemas.EvaluationBody = {
    ...jsonSchema(evaluationBodySchema, "input"),
    description: "An evaluation report from CI (README → Register your first model from CI). Field names are snake_case.",
  };
  const bodies: [string, z.ZodType, string][] = [
    ["RollbackBody", rollbackBodySchema, "`POST …/release/rollback`: why (it opens the incident), and optionally the version to force a rollback to."],
    ["MoveBody", moveBodySchema, "`POST …/release/{pause,resume,advance,promote,abort}`: an optional reason for the audit trail. The body may be empty."],
    ["PinBody", pinBodySchema, "`PUT …/pins/{tenant}`: the version the tenant is served."],
    ["UnpinBody", unpinBodySchema, "`DELETE …/pins/{tenant}`: an optional reason. The body may be empty."],
  ];
  for (const [name, schema, description] of bodies) schemas[name] = { ...jsonSchema(schema, "input"), description };
  for (const [name, { schema, description }] of Object.entries(TELEMETRY_REQUEST_SCHEMAS)) {
    schemas[name] = { ...jsonSchema(schema, "input"), description };
  }
  for (const [name, schema] of Object.entries(SCHEMAS)) schemas[name] = jsonSchema(schema);
  return {
    openapi: "3.1.0",
    info: {
      title: "Rollgate API",
      version: packageJson.version,
      description:
        "Register model versions, attach evaluations, run releases (pause, resume, advance, promote, abort, roll back, " +
        "pin tenants, evaluate the guardrails), send telemetry and read its metrics, read incidents, drift, the registry and " +
        "the audit trail. Errors share one shape: " +
        '`{"error": {"code", "message", "issues"?}}`; every response carries `x-request-id`.',
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "registry", description: "Models and their immutable versions." },
      { name: "lifecycle", description: "Evaluations and the policy gates that move a version DEV → STAGING." },
      {
        name: "release",
        description:
          "The production release of a model: the routing pointer that approval starts (canary, blue-green, shadow) and " +
          "on-call moves, with `If-Match` on the epoch.",
      },
      { name: "incidents", description: "Opened by every rollback; notes, root cause and prevention." },
      { name: "audit", description: "The append-only, hash-chained audit trail." },
      { name: "drift", description: "Input and prediction drift per tenant against the training or first-week baseline." },
      {
        name: "telemetry",
        description: "Prediction events from inference services, the metrics and tenant tables built from them, and prediction lookup.",
      },
      { name: "health", description: "Liveness." },
    ],
    security: [{ bearerToken: [] }],
    paths: paths(),
    components: {
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: `An API token (Settings → API tokens). Scopes: ${TOKEN_SCOPES.map((s) => `\`${s}\``).join(", ")}.`,
        },
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "A signed-in browser session (reads used by the UI).",
        },
      },
      schemas,
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([name, description]) => [
          name,
          {
            description,
            content: jsonContent(ref("Error")),
            ...(name === "Unavailable" ? { headers: { "Retry-After": { schema: { type: "integer" } } } } : {}),
          },
        ]),
      ),
    },
  };
}

let cached: Record<string, unknown> | undefined;

/** The document; built once per process (it depends only on code). */
export function openApiDocument(): Record<string, unknown> {
  cached ??= buildDocument();
  return cached;
}
