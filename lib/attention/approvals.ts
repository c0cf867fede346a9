/**
 * Versions waiting for one reviewer: STAGING, not registered by them (four-eyes, a token they
 * created counts as theirs) and without their decision in the current review round. Two
 * queries whatever the queue's length. The approval page re-checks everything (independence,
 * the latest evaluation) and says why when it still cannot be approved.
 */
import 'server-only';
import type { Tx } from '../database/types';
import { parsePolicy } from '../lifecycle/policy';

export type WaitingApproval = {
  model: { key: string; name: string };
  version: string;
  /** when it entered STAGING */
  stagedAt: string;
  approved: number;
  /** null when the model's policy is invalid */
  required: number | null;
};

export async function approvalsWaitingFor(db: Tx, reader: { id: string; email: string }): Promise<WaitingApproval[]> {
  const rows = await db.modelVersion.findMany({
    where: { stage: 'STAGING', approvals: { none: { reviewerId: reader.id, invalidatedRound: 0 } } },
    orderBy: [{ stageChangedAt: 'asc' }, { id: 'asc' }],
    select: {
      version: true,
      stageChangedAt: true,
      registeredBy: true,
      registeredByType: true,
      registeredById: true,
      model: { select: { key: true, name: true, policy: true } },
      _count: { select: { approvals: { where: { decision: 'approved', invalidatedRound: 0 } } } },
    },
  });
  const tokenIds = rows.filter((r) => r.registeredByType === 'token' && r.registeredById).map((r) => r.registeredById as string);
  const mine = new Set(
    tokenIds.length
      ? (await db.apiToken.findMany({ where: { id: { in: tokenIds }, createdById: reader.id }, select: { id: true } })).map((t) => t.id)
      : [],
  );
  const registeredByReader = (r: (typeof rows)[number]) => {
    if (r.registeredByType === 'user') return r.registeredById === null ? r.registeredBy === reader.email : r.registeredById === reader.id;
    return r.registeredByType === 'token' && r.registeredById !== null && mine.has(r.registeredById);
  };
  return rows
    .filter((r) => !registeredByReader(r))
    .map((r) => {
      const policy = parsePolicy(r.model.policy);
      return {
        model: { key: r.model.key, name: r.model.name },
        version: r.version,
        stagedAt: r.stageChangedAt.toISOString(),
        approved: r._count.approvals,
        required: policy.ok ? policy.policy.approvals.required : null,
      };
    });
}
