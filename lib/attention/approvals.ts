/**
 * Versions waiting for one reviewer: the STAGING versions whose turn is theirs (lib/lifecycle
 * whose-turn.ts: not their registration, not decided by them, independent of the registrant),
 * the same rule as the nav badge and the queue's "Waiting for you".
 */
import "server-only";
import type { Tx } from "../database/types";
import { parsePolicy } from "../policy";
import { turnsFor, type TurnViewer } from "../lifecycle/server";

export type WaitingApproval = {
  model: { key: string; name: string };
  version: string;
  /** when it entered STAGING */
  stagedAt: string;
  approved: number;
  /** null when the model's policy is invalid */
  required: number | null;
};

export async function approvalsWaitingFor(db: Tx, reader: TurnViewer): Promise<WaitingApproval[]> {
  const rows = await db.modelVersion.findMany({
    where: { stage: "STAGING" },
    orderBy: [{ stageChangedAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      version: true,
      stageChangedAt: true,
      registeredBy: true,
      registeredByType: true,
      registeredById: true,
      model: { select: { key: true, name: true, policy: true } },
      _count: { select: { approvals: { where: { decision: "approved", invalidatedRound: 0 } } } },
    },
  });
  const turns = await turnsFor(
    db,
    reader,
    rows.map((r) => ({ ...r, policy: r.model.policy })),
  );
  return rows
    .filter((r) => turns.get(r.id)?.kind === "you")
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
