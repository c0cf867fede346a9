/**
 * Building blocks of the release transactions: reading the release, locking the versions a move
 * touches, the compare-and-swap on the Release row, and the version stage changes that go with a
 * move. Internal to lib/rollout.
 *
 * Lock order: lib/database/locks.ts.
 */
import { Prisma, type Release } from "../../generated/prisma/client";
import type { Stage } from "../../generated/prisma/enums";
import type { AuditInput } from "../audit/append";
import type { Actor } from "../auth/actor";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import type { Tx } from "../database/types";
import { ConflictError, PreconditionFailedError } from "../errors";
import { moveStage, versionSubject } from "../lifecycle/rows";
import { canTransition, transitionError } from "../lifecycle/stage-machine";
import type { ReleaseChange, ReleaseFields, StageChange } from "./state-machine";
import { currentTime } from "../clock";
import { type LockedVersionRow } from "../database/locks";

/** The audit subject of a model's release in one environment: `<model key>/<environment>`. */
export function releaseSubject(modelKey: string, environment = RELEASE_ENVIRONMENT): { type: "release"; id: string } {
  return { type: "release", id: `${modelKey}/${environment}` };
}

export function incidentSubject(id: string): { type: "incident"; id: string } {
  return { type: "incident", id };
}

export type ModelRow = { id: string; key: string; policy: unknown };

/** What a release move reads of its model. */
export const MODEL_ROW = { id: true, key: true, policy: true } as const;

export function readRelease(tx: Tx, modelId: string): Promise<Release | null> {
  return tx.release.findUnique({ where: { modelId_environment: { modelId, environment: RELEASE_ENVIRONMENT } } });
}

/** 412 when the caller's If-Match names another epoch than the one read. */
export function checkIfMatch(modelKey: string, epoch: number, ifMatchEpoch: number | null | undefined): void {
  if (ifMatchEpoch === null || ifMatchEpoch === undefined || ifMatchEpoch === epoch) return;
  throw new PreconditionFailedError(
    `the release of model "${modelKey}" has moved on: it is at epoch ${epoch}, not ${ifMatchEpoch}. Reload it and try again.`,
  );
}

/**
 * Writes the move with the epoch read in the `where`. Zero rows means another writer moved the
 * release since it was read: 412 when the caller sent If-Match (its expectation is stale), else
 * 409 naming the epoch it is at now. Returns the new epoch.
 */
export async function casRelease(
  tx: Tx,
  ctx: { modelKey: string; release: { id: string; epoch: number }; ifMatchEpoch?: number | null },
  fields: ReleaseFields,
): Promise<number> {
  const { release } = ctx;
  const swapped = await tx.release.updateMany({
    where: { id: release.id, epoch: release.epoch },
    data: { ...fields, epoch: release.epoch + 1, updatedAt: currentTime() },
  });
  if (swapped.count === 1) return release.epoch + 1;
  const now = await tx.release.findUnique({ where: { id: release.id }, select: { epoch: true } });
  const at = now ? ` (now at epoch ${now.epoch})` : "";
  if (ctx.ifMatchEpoch !== null && ctx.ifMatchEpoch !== undefined) {
    throw new PreconditionFailedError(
      `the release of model "${ctx.modelKey}" has moved on since epoch ${ctx.ifMatchEpoch}${at}. Reload it and try again.`,
    );
  }
  throw new ConflictError(`the release of model "${ctx.modelKey}" has already moved${at} — reload and try again.`);
}

/** The audit action of a stage change made by a release move. */
function stageAction(from: Stage, to: Stage): string {
  if (to === "ROLLING_OUT") return "version.rolling_out";
  if (to === "PROD") return from === "ROLLING_OUT" || from === "STAGING" ? "version.promoted" : "version.restored";
  if (to === "PROD_PREVIOUS") return "version.superseded";
  if (to === "RETIRED") return "version.retired";
  if (to === "REJECTED") return "version.rejected";
  if (to === "STAGING" && from === "ROLLING_OUT") return "version.rolled_back";
  return "version.stage_changed";
}

export type AppliedStage = { version: string; from: Stage; to: Stage };

/**
 * Applies the move's stage changes to the locked versions: each is checked against the stage
 * machine (409 when it does not allow it) before anything is written, then written with the
 * current stage in its `where`, and audited on the version.
 */
export async function applyStages(
  tx: Tx,
  ctx: {
    modelKey: string;
    actor: Actor;
    locked: Map<string, LockedVersionRow>;
    now: Date;
    /** the move's own reason (a rollback's, an approval's); each change's `why` when there is none */
    reason?: string | null;
    requestId?: string | null;
    audit: AuditInput[];
  },
  changes: StageChange[],
): Promise<AppliedStage[]> {
  const planned: (StageChange & { row: LockedVersionRow })[] = [];
  for (const change of changes) {
    const row = ctx.locked.get(change.version);
    // A pointer to a version that is not registered (data from before the registry) has no stage.
    if (!row || row.stage === change.to) continue;
    if (!canTransition(row.stage, change.to)) throw transitionError(change.version, row.stage, change.to);
    planned.push({ ...change, row });
  }
  const applied: AppliedStage[] = [];
  for (const p of planned) {
    const data: Omit<Prisma.ModelVersionUpdateManyMutationInput, "stage"> =
      p.to === "PROD" && !p.row.promotedAt ? { promotedAt: ctx.now } : {};
    if (!(await moveStage(tx, p.row.id, p.row.stage, p.to, data, ctx.now))) {
      throw new ConflictError(`${p.version} changed stage while the release was moving; reload and try again.`);
    }
    applied.push({ version: p.version, from: p.row.stage, to: p.to });
    const invalidated = p.row.stage === "ROLLING_OUT" && p.to === "STAGING" ? await invalidateApprovals(tx, p.row.id, ctx.now) : null;
    ctx.audit.push({
      actor: ctx.actor,
      action: stageAction(p.row.stage, p.to),
      subject: versionSubject(ctx.modelKey, p.version),
      modelKey: ctx.modelKey,
      before: { version: p.version, stage: p.row.stage },
      after: { version: p.version, stage: p.to, why: p.why, ...(invalidated ? { approvalsNoLongerCounting: invalidated } : {}) },
      reason: ctx.reason?.trim() || p.why,
      requestId: ctx.requestId,
    });
  }
  return applied;
}

/**
 * A rolled-back candidate goes back to STAGING for a new review: the decisions of the review
 * that approved it stay (history) but stop counting, numbered with this rollback. The version's
 * row lock is held, so no decision lands meanwhile. Returns who had approved.
 */
async function invalidateApprovals(tx: Tx, versionId: string, now: Date): Promise<{ round: number; approvers: string[] }> {
  const last = await tx.approval.aggregate({ where: { versionId }, _max: { invalidatedRound: true } });
  const round = (last._max.invalidatedRound ?? 0) + 1;
  const current = await tx.approval.findMany({
    where: { versionId, invalidatedRound: 0 },
    orderBy: { createdAt: "asc" },
    select: { decision: true, reviewer: { select: { email: true } } },
  });
  await tx.approval.updateMany({ where: { versionId, invalidatedRound: 0 }, data: { invalidatedRound: round, invalidatedAt: now } });
  return { round, approvers: current.filter((a) => a.decision === "approved").map((a) => a.reviewer.email) };
}

/** The release as audit events record it before and after a move. */
export function auditView(fields: ReleaseFields, epoch: number): Record<string, unknown> {
  return {
    stableVersion: fields.stableVersion,
    previousStableVersion: fields.previousStableVersion,
    candidateVersion: fields.candidateVersion,
    candidatePercent: fields.candidatePercent,
    mode: fields.mode,
    state: fields.state,
    steps: fields.steps,
    stepIndex: fields.stepIndex,
    bakeMinutes: fields.bakeMinutes,
    epoch,
  };
}

export type { ReleaseChange };
