/**
 * Promotion to PROD once the required approvals are in. Until progressive rollouts exist this
 * is an instant blue-green switch of the model's production Release: the new version becomes
 * stable, the old stable becomes the previous stable (warm, the rollback target), and the
 * version that was previous before is retired. Runs inside the approval's transaction, after
 * the version and the Release row are locked (see rows.ts for the lock order).
 */
import type { Release } from '../../generated/prisma/client';
import type { AuditInput } from '../audit/append';
import type { Tx } from '../database/types';
import { ConflictError } from '../errors';
import { emitEvent, moveStage, versionSubject, type UserActor } from './rows';
import { assertTransition } from './stage-machine';

export type Promotion = {
  epoch: number;
  stableVersion: string;
  previousStableVersion: string | null;
  /** versions moved PROD_PREVIOUS → RETIRED by this promotion */
  retired: string[];
};

/** Refuses before anything is written: an instant switch would cut a running rollout short. */
export function assertNoRolloutInProgress(release: Release, version: string, modelKey: string): void {
  if (release.candidateVersion) {
    throw new ConflictError(
      `cannot promote ${version}: a rollout of ${release.candidateVersion} is in progress on model "${modelKey}"; ` +
        'finish or roll it back first.',
    );
  }
}

export async function promote(
  tx: Tx,
  ctx: {
    model: { id: string; key: string };
    version: { id: string; version: string };
    release: Release;
    actor: UserActor;
    approvers: string[];
    required: number;
    requestId?: string | null;
    audit: AuditInput[];
  },
): Promise<Promotion> {
  const { model, version, release, actor, audit } = ctx;
  assertTransition('STAGING', 'PROD', version.version);
  const now = new Date();
  // The routing pointer is the truth about what serves; a model promoted before it had a
  // Release row (seeded data) falls back to the version in stage PROD.
  const oldStable =
    release.stableVersion ??
    (
      await tx.modelVersion.findFirst({
        where: { modelId: model.id, stage: 'PROD', id: { not: version.id } },
        orderBy: { stageChangedAt: 'desc' },
        select: { version: true },
      })
    )?.version ??
    null;

  const retiring = await tx.modelVersion.findMany({ where: { modelId: model.id, stage: 'PROD_PREVIOUS' }, select: { id: true, version: true } });
  const superseded = await tx.modelVersion.findMany({
    where: { modelId: model.id, stage: 'PROD', id: { not: version.id } },
    select: { id: true, version: true },
  });
  const retired: string[] = [];
  for (const r of retiring) {
    if (await moveStage(tx, r.id, 'PROD_PREVIOUS', 'RETIRED', {}, now)) retired.push(r.version);
  }
  const demoted: string[] = [];
  for (const s of superseded) {
    if (await moveStage(tx, s.id, 'PROD', 'PROD_PREVIOUS', {}, now)) demoted.push(s.version);
  }
  if (!(await moveStage(tx, version.id, 'STAGING', 'PROD', { promotedAt: now }, now))) {
    throw new ConflictError(`cannot promote ${version.version}: it is no longer STAGING.`);
  }
  // Compare-and-swap on epoch: the lock makes a lost race impossible here, and the `where`
  // keeps it impossible should another writer ever change the pointer without the lock.
  const swapped = await tx.release.updateMany({
    where: { id: release.id, epoch: release.epoch },
    data: {
      stableVersion: version.version,
      previousStableVersion: oldStable,
      candidateVersion: null,
      candidatePercent: 0,
      state: 'idle',
      completedAt: now,
      epoch: { increment: 1 },
    },
  });
  if (swapped.count !== 1) {
    throw new ConflictError(`the production release of model "${model.key}" changed while promoting ${version.version}; try again.`);
  }
  const epoch = release.epoch + 1;

  const reason = `approved by ${ctx.approvers.join(', ')} (${ctx.approvers.length} of ${ctx.required} required)`;
  audit.push({
    actor,
    action: 'version.promoted',
    subject: versionSubject(model.key, version.version),
    modelKey: model.key,
    before: { version: version.version, stage: 'STAGING', stableVersion: release.stableVersion, epoch: release.epoch },
    after: { version: version.version, stage: 'PROD', stableVersion: version.version, previousStableVersion: oldStable, epoch },
    reason,
    requestId: ctx.requestId,
  });
  for (const v of demoted) {
    audit.push({
      actor,
      action: 'version.superseded',
      subject: versionSubject(model.key, v),
      modelKey: model.key,
      before: { version: v, stage: 'PROD' },
      after: { version: v, stage: 'PROD_PREVIOUS', supersededBy: version.version },
      reason: `${version.version} was promoted; ${v} stays warm as the rollback target`,
      requestId: ctx.requestId,
    });
  }
  for (const v of retired) {
    audit.push({
      actor,
      action: 'version.retired',
      subject: versionSubject(model.key, v),
      modelKey: model.key,
      before: { version: v, stage: 'PROD_PREVIOUS' },
      after: { version: v, stage: 'RETIRED' },
      reason: `${version.version} was promoted; ${oldStable ?? 'the previous stable version'} is now the rollback target`,
      requestId: ctx.requestId,
    });
  }
  await emitEvent(tx, 'version.promoted', model.key, {
    model: model.key,
    version: version.version,
    stage: 'PROD',
    previousStableVersion: oldStable,
    retired,
    epoch,
    approvedBy: ctx.approvers,
    at: now.toISOString(),
  });
  return { epoch, stableVersion: version.version, previousStableVersion: oldStable, retired };
}
