/**
 * A reviewer's decision on a STAGING version. An approval counts towards the model's approval
 * gate (`approvals.required`, and its named-reviewer rules: lib/policy/reviewers.ts); one from
 * someone the rules do not name, or whose rules are already met, is refused with the reason
 * and not recorded. The approval that meets the gate starts the version's rollout in the same
 * transaction (promotion.ts: canary at the first step, blue-green, shadow; a model's first version
 * becomes PROD at once). A rejection ends the review at once (one objection is enough).
 *
 * Four-eyes: the person who registered a version can never approve it, admins included. They
 * may reject it, which is how an author withdraws a version from review. Nor does an approval
 * count from an account the registrant created or promoted within the policy's independence
 * window (independence.ts): such a reviewer is refused with the reason.
 *
 * Every decision on a version queues on the version's row lock, so simultaneous clicks are
 * decided one at a time: each reviewer gets at most one decision (also enforced by the unique
 * key on Approval), and exactly one of them starts the rollout; the others find the version
 * no longer STAGING and are refused.
 */
import type { Decision, Stage } from "../../generated/prisma/enums";
import type { AuditInput } from "../audit/append";
import type { Actor } from "../auth/actor";
import type { Db, Tx } from "../database/types";
import { emitEvent } from "../events/emit";
import { ConflictError, ForbiddenError, InvalidTransitionError } from "../errors";
import { formatDateTime } from "../time/format";
import { dependenceReason } from "./independence";
import { policyOrThrow, type Policy } from "../policy";
import { assertNoRolloutInProgress, promote, type Promotion } from "./promotion";
import { findVersionOrThrow, flushAudit, moveStage, requireReviewer, versionSubject, type UserActor } from "./rows";
import { TX_OPTIONS } from "../database/transaction";
import { approveInputSchema, rejectInputSchema } from "./schemas";
import { parseOrThrow } from "../input/validate";
import { isRegistrant, registrantUserId } from "./four-eyes";
import { approvalFit, gateStatus } from "../policy";
import { eligibleExcept, reviewerContext } from "./reviewer-context";
import { STAGE_LABELS } from "./stage-machine";
import { currentTime } from "../clock";
import { lockProductionRelease, lockVersion, type LockedVersion } from "../database/locks";

export type DecisionInput = { modelKey: string; version: string; comment?: string; requestId?: string | null };

/** A named-reviewer rule after the decision: who it counts (emails) and whether it is met. */
export type DecidedRule = { reviewers: string[]; required: number; approvedBy: string[]; met: boolean };

export type DecisionResult = {
  model: string;
  version: string;
  decision: Decision;
  reviewer: { id: string; label: string };
  comment: string;
  decidedAt: string;
  /** the version's stage after the decision: ROLLING_OUT when its rollout started, PROD when it completed at once */
  stage: Stage;
  approvals: { approved: number; required: number; approvers: string[]; rules: DecidedRule[] };
  /** set when this approval completed the required count and started (or completed) the version's release */
  promotion: Promotion | null;
};

function notStaging(row: LockedVersion, verb: string): InvalidTransitionError {
  const hint =
    row.stage === "DEV"
      ? "; a version reaches PROD only through STAGING and an approval, and it enters STAGING when an evaluation passes its gates"
      : "";
  return new InvalidTransitionError(
    `cannot ${verb} ${row.version}: only STAGING versions are reviewed, and it is ${STAGE_LABELS[row.stage]}${hint}.`,
  );
}

/** The checks that need the locked row; they run before anything is written. */
async function checkDecision(tx: Tx, row: LockedVersion, reviewer: UserActor, decision: Decision, policy: Policy): Promise<void> {
  const verb = decision === "approved" ? "approve" : "reject";
  const earlier = await tx.approval.findUnique({
    // decisions from before a rollback (invalidatedRound > 0) are history: the reviewer decides again
    where: { versionId_reviewerId_invalidatedRound: { versionId: row.id, reviewerId: reviewer.id, invalidatedRound: 0 } },
    select: { decision: true, createdAt: true },
  });
  if (earlier) {
    throw new ConflictError(
      `you already ${earlier.decision} ${row.version} at ${formatDateTime(earlier.createdAt)}; each reviewer decides once.`,
    );
  }
  if (row.stage !== "STAGING") throw notStaging(row, verb);
  if (decision === "approved" && (await isRegistrant(tx, row, { id: reviewer.id, email: reviewer.label }))) {
    throw new ForbiddenError(
      `you registered ${row.version}, so you cannot approve it: four-eyes requires a reviewer other than the registrant (admins included).`,
    );
  }
  if (decision === "approved") {
    // separation of duties: not an account the registrant made or promoted recently
    const dependent = await dependenceReason(tx, row, reviewer.id, policy.approvals.independenceDays);
    if (dependent) throw new ForbiddenError(dependent);
  }
  if (decision === "approved") {
    const latest = await tx.evaluation.findFirst({
      where: { versionId: row.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, passed: true, reasons: true },
    });
    if (latest && !latest.passed) {
      const reasons = Array.isArray(latest.reasons) ? latest.reasons.join("; ") : "";
      throw new InvalidTransitionError(
        `cannot approve ${row.version}: its latest evaluation (${latest.id}) failed its gates${reasons ? `: ${reasons}` : ""}. ` +
          "Evaluate it again or reject it.",
      );
    }
  }
}

async function decide(db: Db, actor: Actor, input: DecisionInput, decision: Decision): Promise<DecisionResult> {
  const reviewer = requireReviewer(actor);
  const { comment } = parseOrThrow(decision === "approved" ? approveInputSchema : rejectInputSchema, {
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
  });
  try {
    return await db.$transaction(async (tx) => {
      const { model, versionId } = await findVersionOrThrow(tx, input.modelKey, input.version);
      const row = await lockVersion(tx, versionId);
      const policy = policyOrThrow(model.policy, "versions can be approved");
      await checkDecision(tx, row, reviewer, decision, policy);
      const required = policy.approvals.required;
      const prior = await tx.approval.findMany({
        where: { versionId, decision: "approved", invalidatedRound: 0 },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { reviewerId: true },
      });
      // The named-reviewer rules, counted over teams and people as they are now (reviewers.ts).
      const people = await reviewerContext(tx);
      const eligible = eligibleExcept(people, await registrantUserId(tx, row));
      const before = gateStatus(
        policy.approvals,
        prior.map((a) => a.reviewerId),
        people.dir,
        eligible,
      );
      if (decision === "approved") {
        const fit = approvalFit(before, reviewer.id, people.dir, policy.approvals);
        if (!fit.ok) throw new ForbiddenError(`${fit.reason} Your approval of ${row.version} would not count, so it was not recorded.`);
      }
      const gate =
        decision === "approved"
          ? gateStatus(policy.approvals, [...prior.map((a) => a.reviewerId), reviewer.id], people.dir, eligible)
          : before;
      const emailOf = (id: string) => people.people.get(id)?.email ?? id;
      const approvers = gate.approvedBy.map(emailOf);
      const rules = gate.rules.map((r) => ({
        reviewers: r.reviewers,
        required: r.required,
        approvedBy: r.approvedBy.map(emailOf),
        met: r.met,
      }));
      const promoting = decision === "approved" && gate.met;
      // Lock the Release row before any write (rows.ts: lock order), and refuse a promotion
      // that cannot happen before the approval is stored.
      const release = promoting ? await lockProductionRelease(tx, model.id) : null;
      if (release) assertNoRolloutInProgress(release, row.version, model.key);

      const approval = await tx.approval.create({
        data: { versionId, reviewerId: reviewer.id, decision, comment, createdAt: currentTime() },
        select: { createdAt: true },
      });
      const subject = versionSubject(model.key, row.version);
      const audit: AuditInput[] = [
        {
          actor: reviewer,
          action: "approval.decided",
          subject,
          modelKey: model.key,
          after: { version: row.version, decision, comment, approved: approvers.length, required, ...(rules.length ? { rules } : {}) },
          reason: comment || null,
          requestId: input.requestId,
        },
      ];
      await emitEvent(tx, {
        type: "approval.decided",
        modelKey: model.key,
        payload: {
          model: model.key,
          version: row.version,
          decision,
          reviewer: { id: reviewer.id, email: reviewer.label },
          comment,
          approved: approvers.length,
          required,
          at: approval.createdAt.toISOString(),
        },
      });

      let stage: Stage = row.stage;
      let promotion: Promotion | null = null;
      if (decision === "rejected") {
        if (!(await moveStage(tx, versionId, "STAGING", "REJECTED"))) throw notStaging(row, "reject");
        stage = "REJECTED";
        audit.push({
          actor: reviewer,
          action: "version.rejected",
          subject,
          modelKey: model.key,
          before: { version: row.version, stage: "STAGING" },
          after: { version: row.version, stage: "REJECTED" },
          reason: comment,
          requestId: input.requestId,
        });
        await emitEvent(tx, {
          type: "version.rejected",
          modelKey: model.key,
          payload: {
            model: model.key,
            version: row.version,
            stage: "REJECTED",
            reviewer: { id: reviewer.id, email: reviewer.label },
            comment,
            at: approval.createdAt.toISOString(),
          },
        });
      } else if (release) {
        promotion = await promote(tx, {
          model,
          version: { id: versionId, version: row.version },
          release,
          actor: reviewer,
          approvers,
          required,
          requestId: input.requestId,
          audit,
        });
        stage = promotion.outcome === "completed" ? "PROD" : "ROLLING_OUT";
      }
      await flushAudit(tx, audit);
      return {
        model: model.key,
        version: row.version,
        decision,
        reviewer: { id: reviewer.id, label: reviewer.label },
        comment,
        decidedAt: approval.createdAt.toISOString(),
        stage,
        approvals: { approved: approvers.length, required, approvers, rules },
        promotion,
      };
    }, TX_OPTIONS);
  } catch (e) {
    // The row lock makes this unreachable for one reviewer's double click; the unique key is
    // the backstop, and its violation means the same thing.
    if (typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002") {
      throw new ConflictError(`you already decided on ${input.version}; each reviewer decides once.`);
    }
    throw e;
  }
}

/**
 * Records a named approval; the one that reaches the policy's required count starts the version's
 * rollout (ROLLING_OUT), or makes a model's first version PROD at once.
 */
export function approveVersion(db: Db, actor: Actor, input: DecisionInput): Promise<DecisionResult> {
  return decide(db, actor, input, "approved");
}

/** Records a named rejection (comment required); the version moves STAGING → REJECTED. */
export function rejectVersion(db: Db, actor: Actor, input: DecisionInput): Promise<DecisionResult> {
  return decide(db, actor, input, "rejected");
}
