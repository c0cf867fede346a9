/**
 * Building blocks the lifecycle services share inside their transactions: finding and locking
 * rows, the actor checks, and the audit writes (outbox events are lib/events/emit.ts). Not
 * exported from the module's public surface (service.ts). Version stages are written by lib/lifecycle and by lib/rollout, which
 * builds its release moves from these same blocks (findVersionOrThrow, moveStage, flushAudit,
 * versionSubject) and
 * checks every stage change against stage-machine.ts; nothing else writes stages.
 *
 * Row locks and their order: lib/database/locks.ts.
 */
import type { Prisma } from "../../generated/prisma/client";
import type { Stage } from "../../generated/prisma/enums";
import { appendAudit, type AuditInput } from "../audit/append";
import { modelVersionSubjectId } from "../audit/subjects";
import type { Actor } from "../auth/actor";
import { roleCan, type Permission } from "../auth/permissions";
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
