import { z } from "zod";
import { typeError } from "../input/type-error";

/** A model's error budget when none is configured: 5 % of requests. */
export const DEFAULT_ERROR_BUDGET = 0.05;

/**
 * The limits a manifest may declare; the registry checks every registration against these
 * (lib/registry/service.ts); the model's policy holds them under `budgets`.
 * Error rates are fractions (0.05 = 5 %).
 */
export const budgetsSchema = z.strictObject({
  p95LatencyMs: z.number(typeError("must be a number of milliseconds")).positive("must be a positive number of milliseconds").optional(),
  maxErrorRate: z
    .number(typeError("must be a fraction of requests, above 0 and at most 1 (0.05 = 5 %)"))
    .gt(0, "must be a fraction of requests, above 0 and at most 1 (0.05 = 5 %)")
    .max(1, "must be a fraction of requests, above 0 and at most 1 (0.05 = 5 %)")
    .default(DEFAULT_ERROR_BUDGET),
});
