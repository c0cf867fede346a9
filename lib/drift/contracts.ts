/**
 * The drift endpoints: the tenant × feature heatmap and one cell's detail. The query strings are
 * the schemas the handlers validate with; response schemas are checked against the DTOs with
 * `satisfies`.
 */
import { z } from "zod";
import { component, defineRoute } from "../api/contract";
import { modelParam } from "../api/schemas";
import type { BaselineInfo } from "./baseline";
import { driftCellQuerySchema, driftQuerySchema, type DriftCell } from "./queries";
import { PREDICTION } from "./score";

const num = z.number().nullable();

const baselineSchema = z.union([
  z.object({ source: z.literal("manifest"), label: z.string() }),
  z.object({
    source: z.literal("traffic"),
    label: z.string(),
    version: z.string(),
    from: z.string().meta({ description: "First hour of the stable version's traffic (ISO 8601)." }),
    to: z.string(),
    complete: z.boolean().meta({ description: "false while the first week is not over: the baseline is what arrived so far." }),
  }),
  z.object({ source: z.literal("none"), label: z.string().meta({ description: "Why there is no baseline." }) }),
]) satisfies z.ZodType<BaselineInfo>;

const thresholdsSchema = z.object({ psiWarn: z.number(), psiAlert: z.number(), jsAlert: z.number(), minSample: z.number().int() });

const cellSchema = z.object({
  feature: z.string().meta({ description: `Feature name, or ${PREDICTION} for the score distribution.` }),
  psi: num.meta({ description: "Population stability index against the baseline; null when not judged." }),
  js: num.meta({ description: "Jensen–Shannon distance (base 2, 0..1)." }),
  ks: num.meta({ description: "KS statistic on the binned CDF; null for categorical features." }),
  sample: z.number().int().meta({ description: "Events in the window." }),
  level: z.enum(["ok", "warn", "alert", "too_few", "no_baseline"]),
}) satisfies z.ZodType<DriftCell>;

export const heatmapSchema = component(
  "DriftHeatmap",
  z.object({
    model: z.object({ key: z.string(), name: z.string() }),
    window: z.string(),
    from: z.string(),
    to: z.string(),
    version: z.string().nullable(),
    referenceVersion: z.string().nullable().meta({ description: "The version whose bins the cells use." }),
    stableVersion: z.string().nullable(),
    versions: z.array(z.string()),
    method: z.literal("PSI"),
    thresholds: thresholdsSchema,
    policyInvalid: z.boolean(),
    features: z.array(z.object({ name: z.string(), kind: z.enum(["numeric", "categorical"]), baseline: baselineSchema })),
    prediction: z.object({ baseline: baselineSchema }),
    tenants: z
      .array(
        z.object({
          tenant: z.string(),
          worst: z.object({ feature: z.string(), psi: z.number() }).nullable(),
          cells: z.array(cellSchema),
          prediction: cellSchema,
        }),
      )
      .meta({ description: "Worst first (by the tenant's worst judged feature PSI)." }),
  }),
);

export const cellDetailSchema = component(
  "DriftCellDetail",
  z.object({
    tenant: z.string(),
    feature: z.string(),
    window: z.enum(["1h", "24h", "7d"]),
    from: z.string(),
    to: z.string(),
    version: z.string().nullable(),
    baseline: baselineSchema,
    cell: cellSchema,
    bins: z.array(z.object({ label: z.string(), baseline: num, current: num })).meta({ description: "Share of events per bin (0..1)." }),
    series: z
      .array(z.object({ t: z.string(), sample: z.number().int(), psi: num, js: num }))
      .meta({ description: "One point per hour of the window." }),
    minHourSample: z.number().int(),
    thresholds: thresholdsSchema,
  }),
);

const HEATMAP_RULES = `Per tenant and feature of the model's manifest: PSI, Jensen–Shannon distance and KS (binned CDF)
of the window's inputs against the baseline — the manifest's training counts, or else the stable version's first
week of traffic (\`baseline\` says which) — and the same for the score distribution (prediction drift). Cells with
fewer than the policy's \`drift.minSample\` events are \`too_few\`. Tenants come worst first.`;

export const getDriftRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/drift",
  operationId: "getDrift",
  summary: "Drift heatmap: tenants × features",
  description: HEATMAP_RULES,
  tags: ["drift"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam },
  query: driftQuerySchema,
  responses: { 200: { description: "The heatmap.", json: heatmapSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"],
});

export const getDriftCellRoute = defineRoute({
  method: "GET",
  path: "/api/v1/models/{model}/drift/cell",
  operationId: "getDriftCell",
  summary: "One drift cell: baseline vs current bins and PSI per hour",
  tags: ["drift"],
  access: { scope: "routes:read", session: "models:read" },
  params: { model: modelParam },
  query: driftCellQuerySchema,
  responses: { 200: { description: "The cell.", json: cellDetailSchema } },
  errors: ["Unauthorized", "Forbidden", "NotFound", "SchemaError", "Unavailable"],
});

export const driftContracts = [getDriftRoute, getDriftCellRoute];
