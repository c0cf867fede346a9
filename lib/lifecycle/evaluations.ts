/**
 * Recording an evaluation: the gates of the model's policy are applied, the evaluation is
 * stored whatever the outcome, and a DEV version that passes moves to STAGING in the same
 * transaction, with the policy as the actor of that move.
 */
import type { Prisma } from "../../generated/prisma/client";
import type { AuditInput } from "../audit/append";
import type { Actor } from "../auth/actor";
import type { Db } from "../database/types";
import { emitEvent } from "../events/emit";
import { InvalidTransitionError } from "../errors";
import { evaluateGates } from "./gates";
import { whoCanApprove } from "./who-can-approve";
import { policyOrThrow } from "../policy";
import { prodBaseline } from "./queries";
import { findVersionOrThrow, flushAudit, moveStage, versionSubject } from "./rows";
import { TX_OPTIONS } from "../database/transaction";
import { checkReplayAgainstSet } from "../replay/server";
import { evaluationBodySchema, type ReplayResult } from "./schemas";
import { parseOrThrow } from "../input/validate";
import { currentTime } from "../clock";
import type { z } from "zod";
import type { recordedEvaluationSchema } from "./contracts";

export type RecordEvaluationInput = {
  modelKey: string;
  version: string;
  dataset: string;
  metrics: Record<string, number>;
  replay?: ReplayResult | null;
  requestId?: string | null;
};

export type RecordedEvaluation = z.output<typeof recordedEvaluationSchema>;

// Audit `reason` is a one-line summary; the full list is in `after.reasons`.
function summary(passed: boolean, reasons: string[]): string {
  if (passed) return "all gates passed";
  const text = `failed: ${reasons.join("; ")}`;
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}

/**
 * Stores one evaluation of a version and applies its model's gates (README → Register your first model from CI).
 * Always 201 with the verdict, also when gates fail; a passing DEV version is STAGING in the
 * answer. Re-evaluating is allowed at any stage but ARCHIVED; only DEV moves.
 */
export async function recordEvaluation(
  db: Db,
  actor: Actor,
  input: RecordEvaluationInput,
): Promise<{ status: 201; body: RecordedEvaluation }> {
  const body = parseOrThrow(evaluationBodySchema, {
    dataset: input.dataset,
    metrics: input.metrics,
    ...(input.replay ? { replay: input.replay } : {}),
  });
  const result = await db.$transaction(async (tx) => {
    const { model, versionId } = await findVersionOrThrow(tx, input.modelKey, input.version);
    const row = await tx.modelVersion.findUniqueOrThrow({
      where: { id: versionId },
      select: { version: true, stage: true, registeredBy: true, registeredByType: true, registeredById: true },
    });
    if (row.stage === "ARCHIVED") {
      throw new InvalidTransitionError(`cannot evaluate ${row.version}: it is archived, and archived versions are final.`);
    }
    // a replay over a frozen set must describe that set (lib/replay/evaluation-check.ts)
    if (body.replay) await checkReplayAgainstSet(tx, model.id, model.key, body.replay);
    const policy = policyOrThrow(model.policy, "versions can be evaluated");
    const prod = await prodBaseline(tx, model.id, body.dataset);
    const outcome = evaluateGates(policy, { metrics: body.metrics, dataset: body.dataset, replay: body.replay ?? null }, prod);

    const evaluation = await tx.evaluation.create({
      data: {
        versionId,
        dataset: body.dataset,
        metrics: body.metrics,
        replay: body.replay ? (body.replay as Prisma.InputJsonValue) : undefined,
        baselineVersion: prod?.version ?? null,
        passed: outcome.passed,
        gates: outcome.results as unknown as Prisma.InputJsonValue,
        reasons: outcome.reasons,
        createdBy: actor.label,
        createdAt: currentTime(),
      },
      select: { id: true, createdAt: true },
    });

    // A concurrent evaluation may have staged the version first: then this one moves nothing.
    const staged = outcome.passed && row.stage === "DEV" && (await moveStage(tx, versionId, "DEV", "STAGING"));
    const stage = staged
      ? "STAGING"
      : (await tx.modelVersion.findUniqueOrThrow({ where: { id: versionId }, select: { stage: true } })).stage;

    const subject = versionSubject(model.key, row.version);
    const audit: AuditInput[] = [
      {
        actor,
        action: "evaluation.recorded",
        subject,
        modelKey: model.key,
        after: {
          version: row.version,
          evaluationId: evaluation.id,
          dataset: body.dataset,
          metrics: body.metrics,
          passed: outcome.passed,
          reasons: outcome.reasons,
          baselineVersion: prod?.version ?? null,
        },
        reason: summary(outcome.passed, outcome.reasons),
        requestId: input.requestId,
      },
    ];
    if (staged) {
      audit.push({
        actor: { type: "policy", id: evaluation.id, label: "policy" },
        action: "version.staged",
        subject,
        modelKey: model.key,
        before: { version: row.version, stage: "DEV" },
        after: { version: row.version, stage: "STAGING", evaluationId: evaluation.id },
        reason: `evaluation ${evaluation.id} on ${body.dataset} passed every gate of the model's policy`,
        requestId: input.requestId,
      });
      await emitEvent(tx, {
        type: "version.staged",
        modelKey: model.key,
        payload: {
          model: model.key,
          version: row.version,
          stage: "STAGING",
          evaluationId: evaluation.id,
          dataset: body.dataset,
          at: currentTime().toISOString(),
          canApprove: await whoCanApprove(tx, row, policy.approvals),
        },
      });
    }
    await flushAudit(tx, audit);

    return {
      id: evaluation.id,
      model: model.key,
      version: row.version,
      dataset: body.dataset,
      passed: outcome.passed,
      reasons: outcome.reasons,
      gates: outcome.results,
      stage,
      staged,
      baselineVersion: prod?.version ?? null,
      createdAt: evaluation.createdAt.toISOString(),
    } satisfies RecordedEvaluation;
  }, TX_OPTIONS);
  return { status: 201, body: result };
}
