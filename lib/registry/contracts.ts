/**
 * The registry's endpoints: models, versions (register, list, read) and manifest diffs.
 * Response schemas are checked against the DTOs the queries return (`satisfies`).
 */
import { z } from "zod";
import { Decision, Stage } from "../../generated/prisma/enums";
import { component, defineRoute } from "../api/contract";
import { isoDateTime as iso, modelParam, versionParam } from "../api/schemas";
import { manifestSchema } from "./manifest-schema";
import type { ManifestDiff, VersionDetail } from "./queries";

export const VERSION_SORT_KEYS = ["createdAt", "version", "stage"] as const;
export type VersionSortKey = (typeof VERSION_SORT_KEYS)[number];

/** Query string of the versions list (API and model page): `?sort=&dir=&page=&pageSize=`. */
export const versionListQuerySchema = z.object({
  sort: z.enum(VERSION_SORT_KEYS).default("createdAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type VersionListQuery = z.output<typeof versionListQuerySchema>;

const versionField = (name: "from" | "to", what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${name} is required: ${what}` : `${name} must be a version id`) })
    .trim()
    .min(1, `${name} is required: ${what}`)
    .meta({ description: `Version id: ${what}.`, example: name === "from" ? "2026-01-15.1" : "2026-01-15.2" });

/** Query string of the diff endpoint and page: `?from=&to=`, both version ids of the model. */
export const diffQuerySchema = z.object({
  from: versionField("from", "the version to compare from"),
  to: versionField("to", "the version to compare to"),
});
export type DiffQuery = z.output<typeof diffQuerySchema>;

/** Query string of `POST /api/v1/models/{model}/versions`: `?dry_run=true` validates without writing. */
export const registerQuerySchema = z.object({
  dry_run: z
    .enum(["true", "false", "1", "0"], { error: "dry_run must be true or false" })
    .optional()
    .transform((v) => v === "true" || v === "1")
    .meta({ description: "Run every check (context checks included) and write nothing." }),
});

const isoOrNull = iso.nullable();
export const stageSchema = z.enum(Stage);

export const registeredSchema = component(
  "RegisteredVersion",
  z.object({
    model: z.string(),
    version: z.string(),
    stage: z.string(),
    contentHash: z.string().meta({ description: "sha256 of the canonical manifest" }),
    createdAt: iso,
  }),
);

export const dryRunSchema = component(
  "DryRunResult",
  z.object({
    valid: z.literal(true),
    wouldBe: z.enum(["created", "unchanged"]),
    contentHash: z.string(),
  }),
);

export const modelSummarySchema = component(
  "ModelSummary",
  z.object({
    key: z.string(),
    name: z.string(),
    /** the owning team's key ("" when none) */
    ownerTeam: z.string(),
    /** the owning team's name; null when the model has no owner team */
    ownerTeamName: z.string().nullable(),
    description: z.string(),
    prodVersion: z.string().nullable(),
    latestVersion: z.string().nullable(),
    latestStage: stageSchema.nullable(),
    latestAt: isoOrNull,
    versionCount: z.number().int(),
  }),
);

export const versionRowSchema = component(
  "VersionRow",
  z.object({
    version: z.string(),
    stage: stageSchema,
    registeredBy: z.string(),
    registeredByType: z.string(),
    createdAt: iso,
    changelogLine: z.string(),
    parentVersion: z.string().nullable(),
    contentHash: z.string(),
    deprecatesAt: isoOrNull,
  }),
);

const lineageNodeSchema = z.object({ version: z.string(), stage: stageSchema, createdAt: iso });

export const evaluationSchema = z.object({
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

const versionDetailSchema = component(
  "VersionDetail",
  z.object({
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
          description:
            "When a rollback of the version's rollout made this decision stop counting (it stays as history); null while it counts.",
        }),
      }),
    ),
    lineage: z.object({
      ancestors: z.array(lineageNodeSchema).meta({ description: "Parent first, at most 10." }),
      truncated: z.boolean(),
      children: z.array(lineageNodeSchema),
    }),
  }) satisfies z.ZodType<Omit<VersionDetail, "manifest">>,
);

const changeSchema = component(
  "Change",
  z.object({
    path: z.string().meta({ example: "limits.p95_latency_ms" }),
    kind: z.enum(["added", "removed", "changed"]),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  }),
);

const diffSchema = component(
  "Diff",
  z.object({
    model: z.string(),
    from: z.string(),
    to: z.string(),
    changes: z.array(changeSchema),
    sections: z.array(z.object({ id: z.string(), title: z.string(), changes: z.array(changeSchema) })),
  }) satisfies z.ZodType<Omit<ManifestDiff, "sections">>,
);

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

/** A manifest is a few KB; 1 MB leaves room for large feature baselines and refuses abuse. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export const listModelsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models",
  operationId: "listModels",
  summary: "List models",
  description: "Every model with the version in PROD (the production release's stable version), its latest version and owner.",
  tags: ["registry"],
  access: { scope: "routes:read", session: "models:read" },
  responses: { 200: { description: "The models, by key.", json: z.object({ models: z.array(modelSummarySchema) }) } },
  errors: ["Unauthorized", "Forbidden", "Unavailable"],
});

export const registerVersionRoute = defineRoute({
  method: "POST",
  path: "/api/v1/models/{model}/versions",
  operationId: "registerVersion",
  summary: "Register a version",
  description: REGISTER_RULES,
  tags: ["registry"],
  access: { scope: "registry:write" },
  params: { model: modelParam },
  query: registerQuerySchema,
  body: {
    read: "raw",
    schema: manifestSchema,
    required: true,
    name: "Manifest",
    description: "A release manifest (README → Register your first model from CI). Field names are snake_case, as in the YAML.",
    mediaTypes: ["application/json", "application/yaml"],
  },
  responses: {
    201: { description: "Registered.", json: registeredSchema },
    200: {
      description: "Already registered with identical content, or (with dry_run) the checks passed.",
      json: z.union([registeredSchema, dryRunSchema]),
    },
  },
  errors: ["Unauthorized", "Forbidden", "Conflict", "PayloadTooLarge", "SchemaError", "Unavailable"],
});

export const listVersionsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/versions",
  operationId: "listVersions",
  summary: "List a model's versions",
  tags: ["registry"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam },
  query: versionListQuerySchema,
  responses: {
    200: {
      description: "One page of versions.",
      json: z.object({
        model: z.string(),
        versions: z.array(versionRowSchema),
        total: z.number().int(),
        page: z.number().int(),
        pageSize: z.number().int(),
      }),
    },
  },
  errors: ["Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"],
});

export const getVersionRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/versions/{version}",
  operationId: "getVersion",
  summary: "Get a version",
  description: "Stage, manifest, content hash, evaluations, approvals and lineage.",
  tags: ["registry"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam, version: versionParam },
  responses: { 200: { description: "The version.", json: versionDetailSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "Unavailable"],
});

export const diffVersionsRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/diff",
  operationId: "diffVersions",
  summary: "Diff two versions' manifests",
  description: "Structural diff: one entry per changed path (arrays of named items are matched by name), also grouped by manifest section.",
  tags: ["registry"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam },
  query: diffQuerySchema,
  responses: { 200: { description: "The changes from `from` to `to`.", json: diffSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"],
});

export const registryContracts = [listModelsRoute, registerVersionRoute, listVersionsRoute, getVersionRoute, diffVersionsRoute];
