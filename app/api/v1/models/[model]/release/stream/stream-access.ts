import "server-only";
/**
 * Whoever opened a release stream is checked again before every event and every heartbeat
 * (route.ts): a token that was revoked, expired or whose owner was disabled, or a user who was
 * disabled or lost the permission, stops receiving at once instead of at the next reconnect.
 */
import type { Actor } from "@/lib/auth/actor";
import { roleCan } from "@/lib/auth/permissions";
import { db } from "@/lib/db";

/** How often the stream sends a heartbeat comment (and re-checks its reader); tests shorten it. */
export const releaseStreamTiming = { heartbeatMs: 15_000 };

/**
 * Whether `actor` may still read the stream. While the database cannot be read the answer is
 * yes: nothing changes then either (every event is loaded from it), and the page keeps what it shows.
 */
export async function mayStillRead(actor: Actor): Promise<boolean> {
  try {
    if (actor.type === "token") {
      const row = await db().apiToken.findUnique({
        where: { id: actor.id },
        select: { revokedAt: true, expiresAt: true, scopes: true, createdBy: { select: { disabledAt: true } } },
      });
      return (
        !!row &&
        row.revokedAt === null &&
        (row.expiresAt === null || row.expiresAt > new Date()) &&
        !row.createdBy?.disabledAt &&
        row.scopes.includes("routes:read")
      );
    }
    if (actor.type === "user") {
      const user = await db().user.findUnique({ where: { id: actor.id }, select: { disabledAt: true, role: true } });
      return !!user && user.disabledAt === null && roleCan(user.role, "models:read");
    }
    return false;
  } catch (e) {
    console.warn(`[rollgate] release stream: could not check its reader again: ${(e as Error).message}`);
    return true;
  }
}
