import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Role } from "../../generated/prisma/enums";
import { db } from "../db";
import { ForbiddenError, UnauthorizedError } from "../errors";
import type { Actor } from "./actor";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackUrl } from "./callback-url";
import { authOptions, type SessionClaims } from "./options";
import { roleCan, type Permission } from "./permissions";

export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in user, re-read from the database once per request; null when signed out.
 * A session counts only while its generation (stored in it at sign-in) is the user's current
 * one: sign-out, "sign out everywhere", a password reset, a role change and disabling bump it.
 * A session without a generation (issued before generations existed) is not accepted.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const claims = session?.user as SessionClaims | undefined;
  if (!claims?.id || typeof claims.gen !== "number") return null;
  const user = await db().user.findUnique({
    where: { id: claims.id },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, sessionGeneration: true },
  });
  if (!user || user.disabledAt || user.sessionGeneration !== claims.gen) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

export function userActor(u: SessionUser): Actor {
  return { type: "user", id: u.id, label: u.email, role: u.role };
}

/** For pages: sends a signed-out visitor to sign in, and a user without the permission to a 403 page. */
export async function requirePageUser(permission: Permission = "models:read"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) {
    if ((await db().user.count()) === 0) redirect("/setup");
    // server.ts sets this from the request line; it goes through the same check as any
    // callback, so the sign-in page is never handed a target that leaves this site
    const back = safeCallbackUrl((await headers()).get("x-rollgate-path"));
    redirect(back === DEFAULT_AFTER_SIGN_IN ? "/sign-in" : `/sign-in?callbackUrl=${encodeURIComponent(back)}`);
  }
  if (!roleCan(user.role, permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return user;
}

/** For server actions and route handlers: throws typed errors instead of redirecting. */
export async function requireUser(permission: Permission = "models:read"): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new UnauthorizedError("Your session has ended; sign in again.");
  if (!roleCan(user.role, permission)) {
    throw new ForbiddenError(`Your role (${user.role}) does not allow this (${permission}).`);
  }
  return user;
}
