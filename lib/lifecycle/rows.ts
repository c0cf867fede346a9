/**
 * Building blocks the lifecycle services share inside their transactions: finding and locking
 * rows, the actor checks, and the audit writes (outbox events are lib/events/emit.ts). Not
 * exported from the module's public surface (service.ts). Version stages are written by lib/lifecycle and by lib/rollout, which
 * builds its release moves from these same blocks (findVersionOrThrow, lockVersion,
 * lockProductionRelease, moveStage, flushAudit, versionSubject, TX_OPTIONS) and
 * checks every stage change against stage-machine.ts; nothing else writes stages.
 *
 * Lock order, the same in every lifecycle and release transaction so two of them never wait on
 * each other in a cycle: all the versions the transaction changes or points at (FOR UPDATE, in
 * id order when there are several) → the model's production Release row (FOR UPDATE, or the
 * compare-and-swap UPDATE that takes it) → tenant pins → the audit log. An approval locks its
 * version, then the Release row, and starts the rollout under those two locks. No transaction
 * takes a version lock after the Release row. appendAudit takes one advisory lock
 * for the whole log, so audit events are appended last, after every row lock is held; a
 * transaction that appended first and then waited for a row would block every other writer in
 * the application.
 */
import type { Prisma, Release } from "../../generated/prisma/client";
import type { Stage } from "../../generated/prisma/enums";
import { appendAudit, type AuditInput } from "../audit/append";
import { modelVersionSubjectId } from "../audit/subjects";
import type { Actor } from "../auth/actor";
import { roleCan, type Permission } from "../auth/permissions";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import { modelByKeyOrThrow } from "../database/models";
import type { Tx } from "../database/types";
import { ForbiddenError, NotFoundError } from "../errors";
import { currentTime } from "../clock";

/** The audit subject of a version: the id lib/registry/service.ts writes at registration. */
export function versionSubject(modelKey: string, version: string): { type: "model_version"; id: string } {
  return { type: "model_version", id: modelVersionSubjectId(modelKey, version) };
}

export type ModelRef = { id: string; key: string; policy: unknown };

/** The model and the version's id; 404 naming whichever does not exist. */
export async function findVersionOrThrow(tx: Tx, modelKey: string, version: string): Promise<{ model: ModelRef; versionId: string }> {
  const model = await modelByKeyOrThrow(tx, modelKey, { id: true, key: true, policy: true });
  const row = await tx.modelVersion.findUnique({
    where: { modelId_version: { modelId: model.id, version } },
    select: { id: true },
  });
  if (!row) throw new NotFoundError(`Model "${modelKey}" has no version ${version}.`);
  return { model, versionId: row.id };
}

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

/** Appends the transaction's audit events, in order; call it after the last row lock is taken. */
export async function flushAudit(tx: Tx, events: AuditInput[]): Promise<void> {
  for (const e of events) await appendAudit(tx, e);
}

export type UserActor = Extract<Actor, { type: "user" }>;

/** A named, signed-in person whose role may decide approvals; tokens and automation may not. */
export function requireReviewer(actor: Actor): UserActor {
  if (actor.type !== "user") {
    throw new ForbiddenError(
      "Approvals are decided by a named reviewer signed in to Rollgate; API tokens and automation cannot approve or reject.",
    );
  }
  if (!roleCan(actor.role, "approvals:decide")) {
    throw new ForbiddenError(`Your role (${actor.role}) cannot approve or reject versions; an approver or admin must decide.`);
  }
  return actor;
}

/** A user whose role has `permission`, or the system itself (seed, scripts). */
export function requirePermission(actor: Actor, permission: Permission, what: string): void {
  if (actor.type === "system") return;
  if (actor.type !== "user") throw new ForbiddenError(`Only a signed-in operator or admin can ${what}.`);
  if (!roleCan(actor.role, permission)) throw new ForbiddenError(`Your role (${actor.role}) cannot ${what}; an operator or admin can.`);
}

/** Moves a version from `from` to `to` only if it is still in `from`; false when it moved on. */
export async function moveStage(
  tx: Tx,
  versionId: string,
  from: Stage,
  to: Stage,
  data: Omit<Prisma.ModelVersionUpdateManyMutationInput, "stage"> = {},
  at: Date = currentTime(),
): Promise<boolean> {
  const moved = await tx.modelVersion.updateMany({
    where: { id: versionId, stage: from },
    data: { ...data, stage: to, stageChangedAt: at },
  });
  return moved.count === 1;
}
