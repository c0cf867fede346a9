import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Role } from "../../generated/prisma/enums";
import { db } from "../db";
import { ForbiddenError, UnauthorizedError } from "../errors";
import type { Actor } from "./actor";
import { authOptions } from "./options";
import { roleCan, type Permission } from "./permissions";

export type SessionUser = { id: string; email: string; name: string; role: Role };

/** The signed-in user, re-read from the database once per request; null when signed out. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions);
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await db().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return null;
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
    const back = (await headers()).get("x-rollgate-path");
    redirect(back && back.startsWith("/") && !back.startsWith("//") ? `/sign-in?callbackUrl=${encodeURIComponent(back)}` : "/sign-in");
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
