/**
 * Row locks of the lifecycle and release transactions, and their one order, the same in every
 * transaction so two of them never wait on each other in a cycle:
 *
 *   1. every version row the transaction changes or points at (FOR UPDATE, in id order when
 *      there are several: lockVersions takes them in one statement);
 *   2. the model's production Release row (lockProductionRelease, or the compare-and-swap
 *      UPDATE that takes it);
 *   3. tenant pins;
 *   4. the audit log: appendAudit takes one advisory lock for the whole log, so audit events are
 *      appended last, after every row lock is held (a transaction that appended first and then
 *      waited for a row would block every other writer in the application).
 *
 * An approval locks its version, then the Release row, and starts the rollout under those two
 * locks. No transaction takes a version lock after the Release row.
 */
import { Prisma, type Release } from "../../generated/prisma/client";
import type { Stage } from "../../generated/prisma/enums";
import { currentTime } from "../clock";
import { RELEASE_ENVIRONMENT } from "./environment";
import type { Tx } from "./types";

const lockedVersionSelect = {
  id: true,
  version: true,
  stage: true,
  registeredBy: true,
  registeredByType: true,
  registeredById: true,
} as const;

export type LockedVersion = Prisma.ModelVersionGetPayload<{ select: typeof lockedVersionSelect }>;

/**
 * Takes the version's row lock for the rest of the transaction and reads it. Every decision on
 * one version queues here, so twenty simultaneous approvals are decided one after another.
 */
export async function lockVersion(tx: Tx, versionId: string): Promise<LockedVersion> {
  await tx.$queryRaw`SELECT "id" FROM "ModelVersion" WHERE "id" = ${versionId} FOR UPDATE`;
  return tx.modelVersion.findUniqueOrThrow({ where: { id: versionId }, select: lockedVersionSelect });
}

/**
 * The model's production Release row, created when missing, locked for the rest of the
 * transaction. `INSERT … ON CONFLICT DO NOTHING` (createMany with skipDuplicates) waits for a
 * concurrent creator instead of failing on the unique key, which would abort the transaction.
 */
export async function lockProductionRelease(tx: Tx, modelId: string): Promise<Release> {
  await tx.release.createMany({
    data: [{ modelId, environment: RELEASE_ENVIRONMENT, steps: [], createdAt: currentTime() }],
    skipDuplicates: true,
  });
  await tx.$queryRaw`SELECT "id" FROM "Release" WHERE "modelId" = ${modelId} AND "environment" = ${RELEASE_ENVIRONMENT} FOR UPDATE`;
  return tx.release.findUniqueOrThrow({ where: { modelId_environment: { modelId, environment: RELEASE_ENVIRONMENT } } });
}

export type LockedVersionRow = {
  id: string;
  version: string;
  stage: Stage;
  promotedAt: Date | null;
  deprecatesAt: Date | null;
};

/**
 * Locks the named versions of a model (those that exist) for the rest of the transaction, in
 * id order, and reads them. Names that are not versions of the model are left out.
 */
export async function lockVersions(
  tx: Tx,
  modelId: string,
  versions: Iterable<string | null | undefined>,
): Promise<Map<string, LockedVersionRow>> {
  const names = [...new Set([...versions].filter((v): v is string => typeof v === "string"))];
  const out = new Map<string, LockedVersionRow>();
  if (names.length === 0) return out;
  const ids = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "ModelVersion" WHERE "modelId" = ${modelId} AND "version" IN (${Prisma.join(names)}) ORDER BY "id" FOR UPDATE`;
  if (ids.length === 0) return out;
  const rows = await tx.modelVersion.findMany({
    where: { id: { in: ids.map((r) => r.id) } },
    select: { id: true, version: true, stage: true, promotedAt: true, deprecatesAt: true },
  });
  for (const r of rows) out.set(r.version, r);
  return out;
}
