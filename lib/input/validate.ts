/**
 * The one way input is validated, wherever it comes from (a route's query or body, a server
 * action, a service called by a script): before the schema, keys such as `__proto__`, text the
 * database cannot store and absurd nesting anywhere in the input (unsafe-input.ts), so open maps
 * are held to the same rules as named fields; then the schema. Every bad field is reported, one
 * message per field the walk
 * already named, an unknown key under its own path.
 */
import type { z } from "zod";
import { ValidationError, type FieldIssue } from "../errors";
import { formatPath } from "./path";
import { unsafeInputIssues } from "./unsafe-input";

export type CheckedParse<T> = { ok: true; data: T } | { ok: false; issues: FieldIssue[] };

export function checkedParse<S extends z.ZodType>(schema: S, input: unknown): CheckedParse<z.output<S>> {
  const unsafe = unsafeInputIssues(input);
  const result = schema.safeParse(input);
  if (result.success && unsafe.length === 0) return { ok: true, data: result.data };
  if (result.success) return { ok: false, issues: unsafe };
  const issues: FieldIssue[] = [...unsafe];
  const named = new Set(unsafe.map((i) => i.path));
  const add = (path: string, message: string) => {
    if (!named.has(path)) issues.push({ path, message });
  };
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add(formatPath([...issue.path, key]), "is not a known field");
    } else {
      add(formatPath(issue.path), issue.message);
    }
  }
  return { ok: false, issues };
}

/** Parses with `schema` or throws a 422 listing every bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const checked = checkedParse(schema, input);
  if (!checked.ok) throw new ValidationError(checked.issues);
  return checked.data;
}
