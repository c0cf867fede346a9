"use server";
import { db } from "../db";
import { env } from "../env";
import { translateDatabaseError, zodIssues } from "../errors";
import type { ActionResult } from "../safe-action";
import { setupInput, type SetupInput } from "./schemas";
import { createFirstAdmin } from "./users-service";

/**
 * First-run setup: creates the first admin without a session, and only while there are no
 * users at all (the service checks that under a lock). The form then signs in with the same
 * credentials through next-auth.
 */
export async function setupFirstAdminAction(raw: SetupInput): Promise<ActionResult<{ email: string }>> {
  if (!env().passwordSignIn) {
    return {
      ok: false,
      error: {
        code: "conflict",
        message: "Password sign-in is off (ROLLGATE_PASSWORD_SIGNIN=off): the first admin signs in through the identity provider.",
      },
    };
  }
  const parsed = setupInput.safeParse(raw);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return { ok: false, error: { code: "schema_error", message: issues.map((i) => `${i.path}: ${i.message}`).join("; "), issues } };
  }
  try {
    const { name, email, password } = parsed.data;
    const user = await createFirstAdmin(db(), { name, email, password });
    return { ok: true, data: { email: user.email } };
  } catch (e) {
    const known = translateDatabaseError(e);
    if (known) return { ok: false, error: { code: known.code, message: known.message, issues: known.issues } };
    console.error("setup failed", e);
    return { ok: false, error: { code: "internal", message: "Something went wrong on our side; it has been logged." } };
  }
}
