/**
 * The pieces every route contract shares: the error body, a field issue, an instant, the model
 * and version path parameters, `If-Match` on the release epoch and the `ETag` it answers with.
 */
import { z } from "zod";
import type { ErrorCode } from "../errors";
import { modelKeySchema } from "../input/identifiers";
import { component, type HeaderSpec, type ParamSpec } from "./contract";

/** An ISO 8601 instant, as every response writes times. */
export const isoDateTime = z.string().meta({ format: "date-time" });

/** One bad field: the `issues` of a schema_error, and of a rejected telemetry event. */
export const fieldIssueSchema = z.object({ path: z.string().meta({ example: "latency_ms" }), message: z.string() });

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

export const errorBodySchema = component(
  "Error",
  z.object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      issues: z.array(fieldIssueSchema).optional().meta({ description: "With schema_error: every bad field, not just the first." }),
    }),
  }),
);

export const modelParam: ParamSpec = { description: "The model's key, e.g. `fraud-scoring`.", schema: modelKeySchema };
export const versionParam: ParamSpec = {
  description: "Version id (YYYY-MM-DD.N).",
  schema: z.string().meta({ example: "2026-01-15.2" }),
};

export const ifMatchHeader: HeaderSpec = {
  name: "If-Match",
  description:
    'The release epoch the caller read, as the routes and release ETag gives it (`"12"`). When the release has moved ' +
    "on since: 412 and nothing is written. Absent or `*`: whatever the release is now.",
  example: '"12"',
};

export const etagHeader = { ETag: 'The release\'s new epoch, e.g. `"13"`.' } as const;
