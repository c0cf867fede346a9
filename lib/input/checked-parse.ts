/**
 * A schema parse preceded by the walk of unsafe-input.ts: what every server action does with
 * its input (lib/safe-action.ts), and what a form can reuse. Issues from the walk come first;
 * a schema issue at a path the walk already named is left out (one message per field).
 */
import type { z } from "zod";
import { zodIssues, type FieldIssue } from "../errors";
import { unsafeInputIssues } from "./unsafe-input";

export type CheckedParse<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

export function checkedParse<S extends z.ZodType>(schema: S, input: unknown): CheckedParse<z.output<S>> {
  const unsafe = unsafeInputIssues(input);
  const parsed = schema.safeParse(input);
  if (parsed.success && unsafe.length === 0) return { ok: true, data: parsed.data };
  const named = new Set(unsafe.map((i) => i.path));
  return { ok: false, issues: [...unsafe, ...(parsed.success ? [] : zodIssues(parsed.error).filter((i) => !named.has(i.path)))] };
}
