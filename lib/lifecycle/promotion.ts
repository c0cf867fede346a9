/**
 * What the approval that completes a review does: it starts the version's rollout through the
 * release (lib/rollout startRolloutTx), in the approval's transaction, after the version and the
 * Release row are locked (see rows.ts for the lock order). The manifest's `rollout.strategy`
 * decides how: canary at the first ramp step, blue-green at 100 % as the candidate with the old
 * stable warm, or a shadow that receives a copy of the traffic; a model's first version becomes
 * stable at once (there is nothing to ramp against). The rollout then moves through lib/rollout
 * (advance, promote, rollback), which completes it: candidate → PROD, old stable →
 * PROD_PREVIOUS, the one before → RETIRED.
 */
import type { Release } from "../../generated/prisma/client";
import type { ReleaseMode } from "../../generated/prisma/enums";
import type { AuditInput } from "../audit/append";
import type { Tx } from "../database/types";
import { ConflictError } from "../errors";
import { startRolloutTx } from "../rollout/service";
import { releaseFields, rolloutRunning } from "../rollout/state-machine";
import type { UserActor } from "./rows";

export type Promotion = {
  /** the release's epoch after the approval */
  epoch: number;
  /** 'started': the version is the rollout's candidate (ROLLING_OUT); 'completed': it is stable (PROD) */
  outcome: "started" | "completed";
  mode: ReleaseMode;
  /** the candidate's share now, in percent (shadow: the share of requests copied to it); null once completed */
  candidatePercent: number | null;
  stableVersion: string | null;
  previousStableVersion: string | null;
  /** versions moved PROD_PREVIOUS → RETIRED by this approval (only when it completed a release) */
  retired: string[];
};

/**
 * Refuses before anything is written: a second rollout cannot start while one runs (a candidate
 * ramping, paused or shadowing — the same test as routing's and the release state machine's).
 */
export function assertNoRolloutInProgress(release: Release, version: string, modelKey: string): void {
  const fields = releaseFields(release);
  if (rolloutRunning(fields)) {
    throw new ConflictError(
      `cannot promote ${version}: a rollout of ${fields.candidateVersion} is in progress on model "${modelKey}"; ` +
        "finish or roll it back first.",
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
  const started = await startRolloutTx(tx, ctx.actor, {
    modelKey: ctx.model.key,
    version: ctx.version.version,
    reason: `approved by ${ctx.approvers.join(", ")} (${ctx.approvers.length} of ${ctx.required} required)`,
    requestId: ctx.requestId,
    // appended by the caller with its own events, after its last row lock (rows.ts)
    audit: ctx.audit,
  });
  const completed = started.outcome === "completed";
  return {
    epoch: started.epoch,
    outcome: completed ? "completed" : "started",
    mode: started.mode,
    candidatePercent: completed ? null : (started.candidate?.percent ?? null),
    stableVersion: started.stable,
    previousStableVersion: started.previousStable,
    retired: started.stages.filter((s) => s.to === "RETIRED").map((s) => s.version),
  };
}
