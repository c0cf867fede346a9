/**
 * Inputs of replay sets: freezing one, and erasing a tenant's replay data. Client-safe (zod
 * only). Field names are the REST API's.
 */
import { z } from "zod";
import { typeError } from "../input/type-error";
import { modelKeySchema } from "../input/identifiers";

/** The most items one set holds: a replay CI can run in one job. */
export const MAX_SET_SIZE = 100_000;
/** The longest window a set is frozen from. */
export const MAX_WINDOW_DAYS = 366;

export const SET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const NAME_RULE = "must be 1–100 letters, digits or . _ -, starting with a letter or digit, e.g. nightly-2026-12-01";

export const setNameSchema = z.string(typeError(`must be the set's name: ${NAME_RULE}`)).regex(SET_NAME, NAME_RULE);

const instant = (name: string) =>
  z
    .string(typeError(`must be an ISO 8601 date-time with a zone, e.g. 2026-11-24T00:00:00Z`))
    .refine(
      (v) => /(Z|[+-]\d\d:?\d\d)$/i.test(v.trim()) && !Number.isNaN(Date.parse(v)),
      `${name} must be an ISO 8601 date-time with a zone`,
    )
    .transform((v) => new Date(v))
    .meta({ type: "string", format: "date-time" });

export const freezeBodySchema = z
  .strictObject(
    {
      name: setNameSchema.meta({
        description: "Unique per model; CI and the approval page name the set by it.",
        example: "nightly-2026-12-01",
      }),
      days: z
        .number(typeError(`must be a whole number of days from 1 to ${MAX_WINDOW_DAYS}`))
        .int(`must be a whole number of days from 1 to ${MAX_WINDOW_DAYS}`)
        .min(1, `must be a whole number of days from 1 to ${MAX_WINDOW_DAYS}`)
        .max(MAX_WINDOW_DAYS, `must be a whole number of days from 1 to ${MAX_WINDOW_DAYS}`)
        .optional()
        .meta({ description: "The window: the last `days` days up to now. Or give `from` and `to`." }),
      from: instant("from").optional().meta({ description: "Start of the window (inclusive), with `to`." }),
      to: instant("to").optional().meta({ description: "End of the window (exclusive), with `from`." }),
      size: z
        .number(typeError(`must be a whole number of items from 1 to ${MAX_SET_SIZE}`))
        .int(`must be a whole number of items from 1 to ${MAX_SET_SIZE}`)
        .min(1, `must be a whole number of items from 1 to ${MAX_SET_SIZE}`)
        .max(MAX_SET_SIZE, `must be a whole number of items from 1 to ${MAX_SET_SIZE}`)
        .meta({ description: "How many requests the set holds at most (fewer when the window has fewer).", example: 20000 }),
      stratify: z
        .enum(["tenant", "none"], typeError('must be "tenant" (each tenant its share of the window) or "none"'))
        .default("tenant")
        .meta({ description: "`tenant`: each tenant's share of the set is its share of the window's requests." }),
    },
    typeError("must be a JSON object: {name, days | from + to, size, stratify?}"),
  )
  .superRefine((v, ctx) => {
    const range = v.from !== undefined || v.to !== undefined;
    if (v.days !== undefined && range) {
      ctx.addIssue({ code: "custom", path: ["days"], message: "give either days or from and to, not both" });
    } else if (v.days === undefined && !range) {
      ctx.addIssue({ code: "custom", path: ["days"], message: "is required (or from and to): the window to freeze from" });
    } else if (range) {
      if (v.from === undefined) ctx.addIssue({ code: "custom", path: ["from"], message: "is required with to" });
      else if (v.to === undefined) ctx.addIssue({ code: "custom", path: ["to"], message: "is required with from" });
      else if (v.to <= v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
      else if (v.to.getTime() - v.from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
        ctx.addIssue({ code: "custom", path: ["to"], message: `the window may span at most ${MAX_WINDOW_DAYS} days` });
      }
    }
  });
export type FreezeBody = z.output<typeof freezeBodySchema>;

export const tenantSchema = z
  .string(typeError("must be the tenant id as telemetry names it"))
  .trim()
  .min(1, "must not be empty: name the tenant")
  .max(200, "must be at most 200 characters");

export const erasureBodySchema = z.strictObject(
  {
    tenant: tenantSchema.meta({ description: "The tenant whose replay data is erased.", example: "acme" }),
    model: modelKeySchema.optional().meta({ description: "Only this model's replay data; absent: every model's." }),
  },
  typeError("must be a JSON object: {tenant, model?}"),
);
export type ErasureBody = z.output<typeof erasureBodySchema>;
