import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Tx } from "../database/types";
import type { Actor } from "./actor";
import { TOKEN_SCOPES, type TokenScope } from "./permissions";

// A token is "rg_" + 43 base64url characters (256 random bits). Only its sha256 is stored;
// the prefix (first 10 characters) lets people recognise it in lists.
export function generateTokenSecret(): { secret: string; prefix: string; hash: string } {
  const secret = `rg_${randomBytes(32).toString("base64url")}`;
  return { secret, prefix: secret.slice(0, 10), hash: hashToken(secret) };
}

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function isTokenScope(s: string): s is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(s);
}

export function bearerFrom(header: string | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}

/**
 * Whether a token's creator still vouches for it: a token a person created works only while
 * that person exists and is enabled (disabling also revokes them, lib/auth/users-service.ts;
 * this check covers a deleted creator and any token that slipped past). Tokens made by a
 * script (`npm run token`, the demo) have no creator and are not affected.
 */
export function creatorAllows(row: { ownedByUser: boolean; createdBy: { disabledAt: Date | null } | null }): boolean {
  if (!row.ownedByUser) return true;
  return row.createdBy !== null && row.createdBy.disabledAt === null;
}

/** The actor for a bearer token, or null when it is unknown, revoked, expired or its creator is gone or disabled. */
export async function authenticateToken(db: Tx, secret: string): Promise<Extract<Actor, { type: "token" }> | null> {
  if (!secret.startsWith("rg_") || secret.length > 200) return null;
  const hash = hashToken(secret);
  const row = await db.apiToken.findUnique({ where: { tokenHash: hash }, include: { createdBy: { select: { disabledAt: true } } } });
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash))) return null;
  const now = new Date();
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!creatorAllows(row)) return null;
  // lastUsedAt is informative; writing it at most once a minute keeps hot paths read-only
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => {});
  }
  return { type: "token", id: row.id, label: row.name, scopes: row.scopes };
}
