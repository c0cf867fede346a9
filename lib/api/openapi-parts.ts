/**
 * What lib/api/openapi.ts shares with the feature areas that contribute their own paths
 * (lib/drift/openapi.ts, lib/telemetry/openapi.ts, lib/guardrails/openapi.ts): the helpers it
 * passes in, and the schema leaves every part uses. Kept apart so a feature module does not
 * import the document builder (which imports it).
 */
import { z } from "zod";
import type { TokenScope } from "../auth/permissions";

/** The shared error responses (components.responses); see ERROR_RESPONSES in openapi.ts. */
export type OpenApiErrorName =
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "Conflict"
  | "PreconditionFailed"
  | "PayloadTooLarge"
  | "SchemaError"
  | "Unavailable";

export type OpenApiHelpers = {
  operation: (summary: string, scope: TokenScope | null, opts: { session?: boolean; details?: string; [key: string]: unknown }) => unknown;
  errors: (...names: OpenApiErrorName[]) => Record<string, unknown>;
  queryParameters: (schema: z.ZodType) => unknown[];
  ref: (name: string) => unknown;
  jsonContent: (schema: unknown) => unknown;
  modelParam: unknown;
};

/** A request body a feature area documents: converted with `io: "input"` into components.schemas. */
export type OpenApiRequestSchema = { schema: z.ZodType; description: string };

/** An ISO 8601 instant, as every response writes times. */
export const isoDateTime = z.string().meta({ format: "date-time" });

/** One bad field: the `issues` of a schema_error, and of a rejected telemetry event. */
export const fieldIssueSchema = z.object({ path: z.string().meta({ example: "latency_ms" }), message: z.string() });
