/**
 * Guardrail decisions as the release page and the API show them: newest first, each with the
 * checks (value, threshold, sample, pass/fail) and the window sample it used.
 */
import { RELEASE_ENVIRONMENT } from "../database/environment";
import { modelByKeyOrThrow } from "../database/models";
import type { Db, Tx } from "../database/types";
import { ConflictError } from "../errors";
import type { Check, Outcome } from "./decide";
import { evaluateRelease, type DecisionSample, type Evaluation } from "./evaluate";
import type { z } from "zod";
import type { decisionSchema } from "./contracts";

export type DecisionView = z.output<typeof decisionSchema>;

export async function listDecisions(db: Tx, modelKey: string, opts: { limit?: number } = {}): Promise<DecisionView[]> {
  const model = await modelByKeyOrThrow(db, modelKey, { id: true });
  const rows = await db.guardrailDecision.findMany({
    where: { release: { modelId: model.id, environment: RELEASE_ENVIRONMENT } },
    orderBy: { createdAt: "desc" },
    take: Math.min(Math.max(opts.limit ?? 20, 1), 200),
  });
  return rows.map((r) => {
    const sample = (r.sample ?? null) as DecisionSample | null;
    return {
      id: r.id,
      at: r.createdAt.toISOString(),
      outcome: r.outcome as Outcome,
      reason: sample?.reason ?? r.outcome,
      candidateVersion: r.candidateVersion,
      stableVersion: r.stableVersion,
      stepIndex: r.stepIndex,
      epoch: r.epoch,
      checks: (Array.isArray(r.checks) ? r.checks : []) as Check[],
      sample,
    };
  });
}

/** "Evaluate now": one evaluation of the model's production release, at once. */
export async function evaluateModelNow(db: Db, modelKey: string): Promise<Evaluation> {
  const model = await modelByKeyOrThrow(db, modelKey, { id: true });
  const release = await db.release.findUnique({
    where: { modelId_environment: { modelId: model.id, environment: RELEASE_ENVIRONMENT } },
    select: { id: true },
  });
  const e = release ? await evaluateRelease(db, release.id) : null;
  if (!e) {
    throw new ConflictError(
      `Model "${modelKey}" has nothing for the guardrails to watch: no candidate is rolling out and no promotion is inside its post-promotion window.`,
    );
  }
  return e;
}
