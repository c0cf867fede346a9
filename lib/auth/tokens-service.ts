import { appendAudit } from "../audit/append";
import type { Db, Tx } from "../database/types";
import { ConflictError, NotFoundError } from "../errors";
import { formatDateTime } from "../time/format";
import type { Actor } from "./actor";
import { parseOrThrow } from "../input/validate";
import { createTokenInput, revokeTokenInput, type CreateTokenInput, type RevokeTokenInput } from "./schemas";
import { generateTokenSecret } from "./tokens";
import { currentTime } from "../clock";

// API tokens: the secret is returned once, at creation, and only its sha256 is stored.
// Nothing here ever selects tokenHash.

export type TokenStatus = "active" | "revoked" | "expired";

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  /** null when a script created it (`npm run token`) or its creator was deleted */
  createdBy: { id: string; name: string; email: string } | null;
  status: TokenStatus;
};

const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  revokedBy: true,
  createdBy: { select: { id: true, name: true, email: true } },
} as const;

type Selected = Omit<TokenRow, "status">;

export function tokenStatus(t: Pick<TokenRow, "revokedAt" | "expiresAt">, now = new Date()): TokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt <= now) return "expired";
  return "active";
}

const withStatus = (t: Selected, now = new Date()): TokenRow => ({ ...t, status: tokenStatus(t, now) });

const DAY_MS = 86_400_000;

export async function createToken(db: Db, actor: Actor, raw: CreateTokenInput): Promise<{ secret: string; token: TokenRow }> {
  const input = parseOrThrow(createTokenInput, raw);
  const { secret, prefix, hash } = generateTokenSecret();
  const now = currentTime();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null;
  const token = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        prefix,
        tokenHash: hash,
        scopes: input.scopes,
        createdById: actor.type === "user" ? actor.id : null,
        ownedByUser: actor.type === "user",
        createdAt: now,
        expiresAt,
      },
      select: tokenSelect,
    });
    await appendAudit(tx, {
      actor,
      action: "token.created",
      subject: { type: "token", id: row.id },
      after: { name: row.name, prefix: row.prefix, scopes: row.scopes, expiresAt: row.expiresAt },
    });
    return row;
  });
  return { secret, token: withStatus(token, now) };
}

/** Revokes at once: the next request with the token gets 401. A revoked token stays listed. */
export async function revokeToken(db: Db, actor: Actor, raw: RevokeTokenInput): Promise<TokenRow> {
  const input = parseOrThrow(revokeTokenInput, raw);
  return db.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.apiToken.updateMany({
      where: { id: input.id, revokedAt: null },
      data: { revokedAt: now, revokedBy: actor.label },
    });
    const row = await tx.apiToken.findUnique({ where: { id: input.id }, select: tokenSelect });
    if (!row) throw new NotFoundError(`No API token with id ${input.id}.`);
    if (count === 0) {
      throw new ConflictError(
        `The token ${row.name} was already revoked${row.revokedBy ? ` by ${row.revokedBy}` : ""} at ${row.revokedAt ? formatDateTime(row.revokedAt) : "an unknown time"}.`,
      );
    }
    await appendAudit(tx, {
      actor,
      action: "token.revoked",
      subject: { type: "token", id: row.id },
      before: { name: row.name, prefix: row.prefix, revokedAt: null },
      after: { name: row.name, prefix: row.prefix, revokedAt: now },
    });
    return withStatus(row, now);
  });
}

/** Newest first; revoked and expired tokens are included with their status. */
export async function listTokens(db: Tx, now = new Date()): Promise<TokenRow[]> {
  const rows = await db.apiToken.findMany({ select: tokenSelect, orderBy: [{ createdAt: "desc" }, { id: "asc" }] });
  return rows.map((r) => withStatus(r, now));
}
