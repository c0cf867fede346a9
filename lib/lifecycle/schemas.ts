/**
 * Inputs of the lifecycle: an evaluation report from CI, a reviewer's decision, a deprecation
 * and an archive request. The REST route, the server actions and the service validate with
 * these same schemas. Client-safe (no database, no Node APIs): forms reuse them.
 *
 * Field names of the evaluation body are snake_case as the REST API names them.
 */
import { z } from "zod";
import { typeError } from "../input/type-error";
import { storable } from "../input/storable-text";
import { findFloatingReference, parseIsoInstant, parseVersionId } from "../registry";
import { METRIC_NAME } from "../policy";

/** More metrics than this is not an evaluation report but a dump; it would bloat every page that shows it. */
export const MAX_METRICS = 200;

/** Per-tenant rows a replay may carry; more tenants than this belong in the CI job's own report. */
export const MAX_REPLAY_TENANTS = 1000;
/** The worst disagreements a replay may carry for the approval page. */
export const MAX_REPLAY_DISAGREEMENTS = 50;

const share = z
  .number(typeError("must be the share of cases with the same decision, from 0 to 1"))
  .min(0, "must be a share from 0 to 1 (0.97 = 97 % of cases agree)")
  .max(1, "must be a share from 0 to 1 (0.97 = 97 % of cases agree)");

/**
 * A replay: the same recorded requests sent to this version and to a baseline (normally the
 * PROD version), and the share of cases on which both gave the same decision. Other fields are
 * kept as sent. `set`, `by_tenant` and `disagreements` come from `rollgate replay compare` over a frozen set
 * (docs/replay-sets.md); with `set`, recordEvaluation checks them against the set.
 */
export const replayResultSchema = z.looseObject({
  baseline_version: z
    .string(typeError("must be the version id the replay compared against, e.g. 2026-01-15.2"))
    .refine((v) => parseVersionId(v) !== null, "must be a version id like 2026-01-15.2"),
  cases: z
    .number(typeError("must be the number of replayed cases (a whole number, at least 1)"))
    .int("must be a whole number of cases")
    .min(1, "must be at least 1: a replay of no cases proves nothing"),
  agreement: z
    .number(typeError("must be the share of cases with the same decision, from 0 to 1"))
    .min(0, "must be a share from 0 to 1 (0.97 = 97 % of cases agree)")
    .max(1, "must be a share from 0 to 1 (0.97 = 97 % of cases agree)"),
  set: z
    .strictObject(
      {
        id: z
          .string(typeError("must be the replay set's id"))
          .min(1, "must be the replay set's id")
          .max(200, "must be the replay set's id"),
        hash: z
          .string(typeError("must be the set's contentHash: 64 hex digits"))
          .regex(/^[0-9a-f]{64}$/, "must be the set's contentHash: 64 lower-case hex digits (SHA-256)"),
      },
      typeError("must be the frozen replay set replayed: {id, hash}"),
    )
    .optional(),
  by_tenant: z
    .array(
      z.strictObject({
        tenant: z.string(typeError("must be a tenant id")).min(1, "must be a tenant id").max(200, "must be at most 200 characters"),
        cases: z.number(typeError("must be a whole number of cases")).int("must be a whole number of cases").min(0, "must not be negative"),
        agreement: share,
      }),
      typeError("must be a list of {tenant, cases, agreement}"),
    )
    .max(MAX_REPLAY_TENANTS, `may list at most ${MAX_REPLAY_TENANTS} tenants`)
    .refine((rows) => new Set(rows.map((r) => r.tenant)).size === rows.length, "lists a tenant twice")
    .optional(),
  disagreements: z
    .array(
      z.looseObject({
        request_id: z
          .string(typeError("must be the item's request id"))
          .min(1, "must be the item's request id")
          .max(200, "must be at most 200 characters"),
        tenant: z.string(typeError("must be a tenant id")).max(200, "must be at most 200 characters").optional(),
        baseline_output: z.unknown().optional(),
        candidate_output: z.unknown().optional(),
      }),
      typeError("must be a list of {request_id, tenant, baseline_output, candidate_output}"),
    )
    .max(MAX_REPLAY_DISAGREEMENTS, `may list at most ${MAX_REPLAY_DISAGREEMENTS} disagreements (the worst)`)
    .optional(),
});
export type ReplayResult = z.output<typeof replayResultSchema>;

const metricsSchema = z
  .record(z.string(), z.number(typeError("must be a number")), typeError('must be an object of metric names to numbers, e.g. {"f1": 0.91}'))
  .superRefine(
    (metrics, ctx) => {
      // Runs even when a value failed (see `when`), so names are checked with the values in one
      // pass; the input is not trusted to be an object here.
      if (typeof metrics !== "object" || metrics === null || Array.isArray(metrics)) return;
      const names = Object.keys(metrics);
      if (names.length === 0) ctx.addIssue({ code: "custom", message: 'must name at least one metric, e.g. {"f1": 0.91}' });
      if (names.length > MAX_METRICS)
        ctx.addIssue({ code: "custom", message: `may hold at most ${MAX_METRICS} metrics (got ${names.length})` });
      for (const name of names) {
        if (!METRIC_NAME.test(name)) {
          ctx.addIssue({
            code: "custom",
            path: [name],
            message: "is not a metric name: use 1–100 letters, digits or _ . : @ / -, starting with a letter, digit or _",
          });
        }
      }
    },
    { when: () => true },
  );

/**
 * `POST .../evaluations`. The dataset is a reference like the manifest's: a floating one
 * (`.../latest/...`) is refused because an evaluation nobody can re-run proves nothing to a
 * reviewer or an auditor.
 */
export const evaluationBodySchema = z.strictObject(
  {
    dataset: z
      .string(typeError("must name the evaluation dataset, e.g. s3://evals/fraud/2026-01-10/holdout.parquet"))
      .check(storable())
      .superRefine((v, ctx) => {
        if (v.trim() === "") ctx.addIssue({ code: "custom", message: "must not be empty: name the evaluation dataset" });
        else if (v.length > 500) ctx.addIssue({ code: "custom", message: "must be at most 500 characters" });
        const word = findFloatingReference(v);
        if (word) {
          ctx.addIssue({
            code: "custom",
            message: `uses the floating reference "${word}", which can point at other data tomorrow; name an immutable snapshot so the evaluation can be re-run`,
          });
        }
      })
      .meta({
        description: "The evaluation dataset: an immutable snapshot reference.",
        example: "s3://evals/fraud/2026-01-10/holdout.parquet",
      }),
    metrics: metricsSchema.meta({ description: "Metric name → value.", example: { f1: 0.91, calibration_error: 0.03 } }),
    replay: replayResultSchema.optional().meta({
      description: "A replay against the PROD version: the share of cases with the same decision. Extra fields are kept as sent.",
      example: { baseline_version: "2026-01-14.1", cases: 5000, agreement: 0.982 },
    }),
  },
  typeError("must be a JSON object: {dataset, metrics, replay?}"),
);
export type EvaluationBody = z.output<typeof evaluationBodySchema>;

const comment = z.string(typeError("must be text")).max(4000, "must be at most 4000 characters").check(storable());

export const approveInputSchema = z.strictObject({ comment: comment.default("") });

/** A rejection tells the registrant what to change, so its comment is required. */
export const rejectInputSchema = z.strictObject({
  comment: comment.refine((v) => v.trim() !== "", "is required for a rejection: say what must change"),
});

/**
 * When a deprecation takes effect (default now): an ISO date (midnight UTC) or a date-time
 * with a zone. The version's stage changes at once; the date is the announced end of support.
 */
const deprecationDate = z
  .union([z.date(), z.string()], typeError("must be an ISO date or date-time, e.g. 2026-03-01 or 2026-03-01T12:00:00Z"))
  .transform((v, ctx) => {
    const ms = v instanceof Date ? v.getTime() : parseIsoInstant(v);
    if (ms === null || Number.isNaN(ms)) {
      ctx.addIssue({
        code: "custom",
        message: "must be an ISO date or a date-time with a timezone, e.g. 2026-03-01 or 2026-03-01T12:00:00Z",
      });
      return z.NEVER;
    }
    return new Date(ms);
  });

export const deprecateInputSchema = z.strictObject({
  at: deprecationDate.optional(),
  reason: z
    .string(typeError("is required: say why the version is deprecated and what to use instead"))
    .max(1000, "must be at most 1000 characters")
    .check(storable())
    .refine((v) => v.trim() !== "", "is required: say why the version is deprecated and what to use instead"),
});

export const archiveInputSchema = z.strictObject({
  reason: z.string(typeError("must be text")).max(1000, "must be at most 1000 characters").check(storable()).default(""),
});
