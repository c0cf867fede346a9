import "server-only";
import { z } from "zod";
import type { Actor } from "./auth/actor";
import type { Permission } from "./auth/permissions";
import { requireUser, userActor, type SessionUser } from "./auth/session";
import { translateDatabaseError, type FieldIssue } from "./errors";
import { checkedParse } from "./input/validate";

// Every server action goes through this chain: session → role → zod → handler. The handler
// gets typed input and context and never reads FormData or the session itself.
export type ActionResult<R> = { ok: true; data: R } | { ok: false; error: { code: string; message: string; issues?: FieldIssue[] } };

export type ActionContext = { user: SessionUser; actor: Actor };

export function authedAction<S extends z.ZodType, R>(
  permission: Permission,
  schema: S,
  handler: (ctx: ActionContext, input: z.output<S>) => Promise<R>,
): (input: z.input<S> | FormData) => Promise<ActionResult<R>> {
  return async (raw) => {
    try {
      const user = await requireUser(permission);
      const data = raw instanceof FormData ? formDataToObject(raw) : raw;
      // NUL or unpaired surrogates in any field, `__proto__` keys, absurd nesting: refused for
      // every action along with its schema's issues, so no form can carry them to the database
      const parsed = checkedParse(schema, data);
      if (!parsed.ok) {
        const issues = parsed.issues;
        return {
          ok: false,
          error: { code: "schema_error", message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "), issues },
        };
      }
      return { ok: true, data: await handler({ user, actor: userActor(user) }, parsed.data) };
    } catch (e) {
      const known = translateDatabaseError(e);
      if (known) return { ok: false, error: { code: known.code, message: known.message, issues: known.issues } };
      console.error("server action failed", e);
      return { ok: false, error: { code: "internal", message: "Something went wrong on our side; it has been logged." } };
    }
  };
}

function formDataToObject(fd: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(fd.keys())) {
    if (key.startsWith("$ACTION")) continue;
    const all = fd.getAll(key);
    // defineProperty: a field named "__proto__" stays a field (and is refused by the input check)
    // instead of being swallowed by the object's prototype setter
    Object.defineProperty(out, key, {
      value: key.endsWith("[]") || all.length > 1 ? all : all[0],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
