/**
 * The helpers lib/api/openapi.ts passes to the feature areas that contribute their own paths
 * (lib/drift/openapi.ts, lib/telemetry/openapi.ts, lib/guardrails/openapi.ts). Types only, so
 * a feature module does not import the document builder (which imports it).
 */
import type { z } from "zod";
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
