import type { Tx } from "../database/types";

// Four-eyes: the person who put a version into the registry never approves it. A version sent
// by CI with an API token belongs to the person who created that token, so an admin cannot
// approve what they registered through a token of their own.
export type Registration = { registeredByType: string; registeredById: string | null; registeredBy: string };

/** The user id behind a registration: the user, or the creator of the token; null if none. */
export async function registrantUserId(tx: Tx, row: Registration): Promise<string | null> {
  if (row.registeredByType === "user") return row.registeredById;
  if (row.registeredByType === "token" && row.registeredById) {
    const token = await tx.apiToken.findUnique({ where: { id: row.registeredById }, select: { createdById: true } });
    return token?.createdById ?? null;
  }
  return null;
}

export async function isRegistrant(tx: Tx, row: Registration, user: { id: string; email: string }): Promise<boolean> {
  // rows from before user ids were recorded name the registrant by email
  if (row.registeredByType === "user" && row.registeredById === null) return row.registeredBy === user.email;
  return (await registrantUserId(tx, row)) === user.id;
}
