import type { z } from "zod";
import { ValidationError, zodIssues } from "../errors";

/** Services validate their own input, so scripts and tests get the same checks as the forms. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
  return parsed.data;
}
