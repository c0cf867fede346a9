/**
 * A model by its key, for reads and writes that cannot go on without it: the 404 every
 * "no such model" answer gives, with the message clients and tests match.
 */
import type { Prisma } from "../../generated/prisma/client";
import { NotFoundError } from "../errors";
import type { Tx } from "./types";

export function modelNotFound(key: string): NotFoundError {
  return new NotFoundError(`Model "${key}" does not exist.`);
}

export async function modelByKeyOrThrow<S extends Prisma.ModelSelect>(
  db: Tx,
  key: string,
  select: S,
): Promise<Prisma.ModelGetPayload<{ select: S }>> {
  const model = await db.model.findUnique({ where: { key }, select });
  if (!model) throw modelNotFound(key);
  return model;
}
