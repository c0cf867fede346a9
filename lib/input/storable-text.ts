/**
 * Text PostgreSQL cannot store, one definition for every input: a NUL character (U+0000),
 * which text and jsonb refuse outright, and an unpaired UTF-16 surrogate, which is not Unicode
 * at all (encoded to UTF-8 it would turn into U+FFFD, so the stored value would differ from the
 * one sent). Such a value is refused as an invalid field, with the field named, instead of
 * failing in the database as a 500. Client-safe: forms validate with the same rule.
 */
import { z } from "zod";

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `s` cannot be stored, or null when it can. */
export function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "holds a NUL character (U+0000), which cannot be stored";
  if (LONE_SURROGATE.test(s)) return "holds an unpaired UTF-16 surrogate, which is not valid Unicode";
  return null;
}

/**
 * A zod string whose value can be stored: use it (or `.check(storable())` on an existing
 * string schema) for every free-text field that reaches the database.
 */
export function storable() {
  return z.superRefine<string>((v, ctx) => {
    const problem = textProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: v });
  });
}
