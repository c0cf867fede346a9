/**
 * Changing a model's policy: the only path that writes `Model.policy` after a model exists.
 * The new policy is validated with the schema every reader uses (policy.ts), stored normalised
 * (defaults written out, so what the Settings tab shows is what the gates apply), and audited
 * with before and after in the same transaction.
 *
 * Optimistic concurrency: the editor sends the model's `updatedAt` as it read it, and the
 * write's `where` requires it unchanged. Two admins editing at once cannot overwrite each
 * other silently: the second save is refused (409) and they reload to see the first one's change.
 *
 * Separation of duties: a change that weakens the approval gate (policy-weakening.ts: fewer
 * approvers, a shorter independence window) is not applied when saved. It is stored as the
 * model's pending policy change, audited, and applied only when a second admin confirms it
 * (confirmPolicyChange); the proposer cannot confirm their own, nor can an admin the proposer
 * created or promoted within the independence window. Any admin may discard it. Raising
 * requirements applies at once. Every path that edits a policy (the Settings action, the seed,
 * scripts) goes through updatePolicy, so through this rule.
 *
 * Framework-free like service.ts: the server action, the demo seed and scripts pass their own
 * Prisma client and actor.
 */
import type { Prisma } from "../../generated/prisma/client";
import { appendAudit } from "../audit/append";
import { describeActor, type Actor } from "../auth/actor";
import { roleCan } from "../auth/permissions";
import { modelByKeyOrThrow } from "../database/models";
import type { Db, Tx } from "../database/types";
import { ConflictError, ForbiddenError, PreconditionFailedError, ValidationError } from "../errors";
import { canonicalJson } from "../audit/canonical";
import { diffManifests } from "../registry/server";
import { formatDateTime } from "../time/format";
import { appointedBy, appointmentText } from "./independence";
import { parsePolicy, type Policy } from "../policy";
import { approvalWeakenings, reviewerIssues, storedApprovals } from "../policy";
import { reviewerContext } from "./reviewer-context";
import { lockTeams } from "../teams/queries";
import { parsePolicyText, parsePolicyValue } from "../policy";
import { TX_OPTIONS } from "../database/transaction";
import { currentTime } from "../clock";

export type UpdatePolicyInput = {
  modelKey: string;
  /** the policy as JSON text (the editor) or as a parsed object (scripts, the seed) */
  policy: string | Record<string, unknown>;
  /**
   * The model's `updatedAt` when the editor loaded it. When given, the save is refused (409)
   * if anyone changed the model since; scripts that own the model may leave it out.
   */
  updatedAt?: string | Date;
  /**
   * The policy revision the caller read (`If-Match` of the policy API). When given, the save is
   * refused (412) if the policy was written since.
   */
  revision?: number | null;
  /** how the change arrived, recorded as the policy's provenance; default "ui" for users, "system" otherwise */
  via?: PolicyVia;
  requestId?: string | null;
};

export const POLICY_VIA = ["ui", "api", "seed", "system"] as const;
export type PolicyVia = (typeof POLICY_VIA)[number];

/** Where the policy in force came from: null until it is first changed after registration. */
export type PolicySource = { revision: number; via: string | null; actor: string | null; at: string | null };

export type UpdatedPolicy = {
  model: string;
  policy: Policy;
  /** the model's updatedAt after the save: what the editor sends with its next save */
  updatedAt: string;
  /** false when the policy was already exactly this (nothing written, nothing audited), or the change is pending */
  changed: boolean;
  /** set when the change weakens the approval gate: it waits for a second admin; `policy` is the one still in force */
  pending: PendingPolicyChangeView | null;
  /** the policy in force's revision and provenance after the call */
  source: PolicySource;
};

export type PendingPolicyChangeView = {
  id: string;
  /** the proposed policy, normalised */
  policy: Policy;
  weakens: string[];
  proposedBy: string;
  proposedById: string | null;
  proposedAt: string;
  /** no other enabled admin exists: nobody can confirm it yet */
  noOtherAdmin: boolean;
};

/**
 * An admin, a token with `policy:write` (policy as code, applied from CI), or the system itself
 * (seed, scripts); other tokens and roles are refused. A token is never a second admin: its
 * weakening changes wait like anyone's.
 */
export function assertCanEditPolicy(actor: Actor): void {
  if (actor.type === "system") return;
  if (actor.type === "token") {
    if (actor.scopes.includes("policy:write")) return;
    throw new ForbiddenError(`Token "${actor.label}" lacks the scope policy:write, which applying a model policy needs.`);
  }
  if (actor.type !== "user") {
    throw new ForbiddenError("Model policies are changed by an admin, or from CI with a token that has the scope policy:write.");
  }
  if (!roleCan(actor.role, "policy:edit")) {
    throw new ForbiddenError(`Your role (${actor.role}) cannot change model policies; an admin can.`);
  }
}

export function staleError(modelKey: string, savedAt: Date): ConflictError {
  return new ConflictError(
    `The policy changed since you opened it: model "${modelKey}" was saved by someone else at ${formatDateTime(savedAt)}. ` +
      "Reload to see their version, then apply your edits again.",
  );
}

export function expectedTime(value: string | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new ValidationError([
      { path: "updatedAt", message: "must be the ISO date-time the model was last updated at, as the editor read it" },
    ]);
  }
  return ms;
}

// The audit reason names what changed; the full policies are in before/after.
function changeSummary(before: unknown, after: Policy): string {
  const parsed = parsePolicy(before);
  const paths = diffManifests(parsed.ok ? parsed.policy : before, after).map((c) => c.path);
  const text = `changed ${paths.join(", ")}`;
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

/**
 * Validates and stores a model's policy. 422 listing every bad field (paths from `policy`),
 * 404 for an unknown model, 409 when the model changed since `updatedAt`, 403 unless admin.
 * Saving the policy that is already stored writes nothing.
 */
export async function updatePolicy(db: Db, actor: Actor, input: UpdatePolicyInput): Promise<UpdatedPolicy> {
  assertCanEditPolicy(actor);
  const expected = expectedTime(input.updatedAt);
  const parsed = typeof input.policy === "string" ? parsePolicyText(input.policy) : parsePolicyValue(input.policy);
  if (!parsed.ok) throw new ValidationError(parsed.issues);
  const policy = parsed.policy;

  return db.$transaction(async (tx) => {
    const model = await modelByKeyOrThrow(tx, input.modelKey, POLICY_ROW);
    if (expected !== undefined && model.updatedAt.getTime() !== expected) throw staleError(model.key, model.updatedAt);
    assertRevision(model, input.revision);
    const via = input.via ?? (actor.type === "user" ? "ui" : actor.type === "token" ? "api" : "system");
    return savePolicy(tx, actor, model, policy, input.requestId, via, (before, after) => ({
      action: "model.policy_updated",
      before,
      after,
      reason: changeSummary(before, after),
    }));
  }, TX_OPTIONS);
}

export type PolicyAudit = { action: string; before: unknown; after: unknown; reason: string };

/**
 * The one write path of a policy, inside the caller's transaction: unchanged → nothing; the
 * named reviewers checked against who exists; a weakening → pending for a second admin; else
 * written and audited as `audit` describes it.
 */
export async function savePolicy(
  tx: Tx,
  actor: Actor,
  model: ModelRow,
  policy: Policy,
  requestId: string | null | undefined,
  via: PolicyVia,
  audit: (before: unknown, after: Policy) => PolicyAudit,
): Promise<UpdatedPolicy> {
  // jsonb does not keep key order: compare canonical forms
  if (canonicalJson(model.policy) === canonicalJson(policy)) {
    return {
      model: model.key,
      policy,
      updatedAt: model.updatedAt.toISOString(),
      changed: false,
      pending: null,
      source: policySource(model),
    };
  }
  await assertReviewersExist(tx, model.policy, policy);
  const weakens = approvalWeakenings(model.policy, policy);
  if (weakens.length > 0) {
    const pending = await proposeChange(tx, actor, model, policy, weakens, requestId);
    const current = parsePolicy(model.policy);
    return {
      model: model.key,
      policy: current.ok ? current.policy : policy,
      updatedAt: model.updatedAt.toISOString(),
      changed: false,
      pending,
      source: policySource(model),
    };
  }
  const written = await writePolicy(tx, model, policy, actor, via);
  const entry = audit(model.policy, policy);
  await appendAudit(tx, {
    actor,
    action: entry.action,
    subject: { type: "model", id: model.key },
    modelKey: model.key,
    before: entry.before,
    after: entry.after,
    reason: via === "ui" ? entry.reason : `${entry.reason} (via ${via})`.slice(0, 500),
    requestId,
  });
  return {
    model: model.key,
    policy,
    updatedAt: written.updatedAt.toISOString(),
    changed: true,
    pending: null,
    source: policySource(written),
  };
}

/**
 * Named reviewers must exist and be able to meet their counts (lib/policy/reviewers.ts). Checked
 * when the approvals section changes, so a later edit of another section is not held up by a
 * person who left since.
 */
async function assertReviewersExist(tx: Tx, stored: unknown, policy: Policy): Promise<void> {
  if (policy.approvals.rules.length === 0) return;
  if (canonicalJson(storedApprovals(stored)) === canonicalJson(policy.approvals)) return;
  // the named teams are held until commit, so a concurrent deletion sees the rule that names them
  await lockTeams(
    tx,
    policy.approvals.rules.flatMap((r) => r.reviewers.filter((ref) => ref.startsWith("team:")).map((ref) => ref.slice(5))),
  );
  const people = await reviewerContext(tx);
  const issues = reviewerIssues(policy.approvals, people.dir, people.deciders);
  if (issues.length > 0) throw new ValidationError(issues);
}

type Provenance = { policyRevision: number; policyUpdatedAt: Date | null; policyUpdatedBy: string | null; policyUpdatedVia: string | null };
export type ModelRow = { id: string; key: string; policy: unknown; updatedAt: Date } & Provenance;
/** The columns policySource() reads. */
export const PROVENANCE = { policyRevision: true, policyUpdatedAt: true, policyUpdatedBy: true, policyUpdatedVia: true } as const;
export const POLICY_ROW = { id: true, key: true, policy: true, updatedAt: true, ...PROVENANCE } as const;

export function policySource(row: Provenance): PolicySource {
  return {
    revision: row.policyRevision,
    via: row.policyUpdatedVia,
    actor: row.policyUpdatedBy,
    at: row.policyUpdatedAt ? row.policyUpdatedAt.toISOString() : null,
  };
}

/** 412 when the caller's `If-Match` revision is no longer the policy's. */
export function assertRevision(model: ModelRow, revision: number | null | undefined): void {
  if (revision == null || model.policyRevision === revision) return;
  throw new PreconditionFailedError(
    `The policy of "${model.key}" is at revision ${model.policyRevision}, not ${revision}: ` +
      `${sourceText(model)} since you read it. Read it again, review the difference and apply again.`,
  );
}

function sourceText(row: Provenance): string {
  if (!row.policyUpdatedAt) return "it changed";
  const via = row.policyUpdatedVia === "api" ? " through the API" : row.policyUpdatedVia === "ui" ? " on the Settings tab" : "";
  return `${row.policyUpdatedBy ?? "someone"} changed it${via} at ${formatDateTime(row.policyUpdatedAt)}`;
}

/**
 * Writes the policy if the model is unchanged since it was read (409 otherwise), bumping its
 * revision and recording who wrote it and how.
 */
async function writePolicy(tx: Tx, model: ModelRow, policy: Policy, actor: Actor, via: PolicyVia): Promise<ModelRow> {
  const at = new Date(Math.max(currentTime().getTime(), model.updatedAt.getTime() + 1));
  // The precondition in the `where`: a save that committed after our read leaves 0 rows.
  const written = await tx.model.updateMany({
    where: { id: model.id, updatedAt: model.updatedAt },
    // strictly later than what was read, so the next save's precondition sees this one
    data: {
      policy: policy as unknown as Prisma.InputJsonValue,
      updatedAt: at,
      policyRevision: { increment: 1 },
      policyUpdatedAt: at,
      policyUpdatedBy: describeActor(actor),
      policyUpdatedVia: via,
    },
  });
  if (written.count !== 1) {
    const now = await tx.model.findUniqueOrThrow({ where: { id: model.id }, select: { updatedAt: true } });
    throw staleError(model.key, now.updatedAt);
  }
  return tx.model.findUniqueOrThrow({ where: { id: model.id }, select: POLICY_ROW });
}

const actorUserId = (actor: Actor): string | null => (actor.type === "user" ? actor.id : null);

async function otherAdmins(tx: Tx, exceptId: string | null): Promise<number> {
  return tx.user.count({ where: { role: "admin", disabledAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) } });
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

function alreadyPending(modelKey: string, p: { proposedByLabel: string; createdAt: Date }): ConflictError {
  return new ConflictError(
    `Model "${modelKey}" already has a policy change waiting for a second admin (proposed by ${p.proposedByLabel} at ${formatDateTime(p.createdAt)}). ` +
      "Confirm or discard it on the Settings tab first.",
  );
}

async function proposeChange(
  tx: Tx,
  actor: Actor,
  model: ModelRow,
  policy: Policy,
  weakens: string[],
  requestId: string | null | undefined,
): Promise<PendingPolicyChangeView> {
  const existing = await tx.pendingPolicyChange.findUnique({
    where: { modelId: model.id },
    select: { proposedByLabel: true, createdAt: true },
  });
  if (existing) throw alreadyPending(model.key, existing);
  const proposerId = actorUserId(actor);
  let row;
  try {
    // a savepoint is not needed: a unique violation here ends the transaction, and is reported as 409
    row = await tx.pendingPolicyChange.create({
      data: {
        modelId: model.id,
        policy: policy as unknown as Prisma.InputJsonValue,
        basePolicy: (model.policy ?? {}) as Prisma.InputJsonValue,
        baseUpdatedAt: model.updatedAt,
        weakens,
        proposedById: proposerId,
        proposedByLabel: actor.label,
      },
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw alreadyPending(model.key, { proposedByLabel: "another admin", createdAt: new Date() });
    throw e;
  }
  const noOtherAdmin = (await otherAdmins(tx, proposerId)) === 0;
  await appendAudit(tx, {
    actor,
    action: "model.policy_change_proposed",
    subject: { type: "model", id: model.key },
    modelKey: model.key,
    before: model.policy,
    after: { policy, weakens, pendingId: row.id, awaitingSecondAdmin: true, noOtherAdmin },
    reason:
      `weakens the approval gate (${weakens.join("; ")}): waits for a second admin to confirm` +
      (noOtherAdmin ? "; there is no other enabled admin in this installation, so it stays pending until one exists" : ""),
    requestId,
  });
  return {
    id: row.id,
    policy,
    weakens,
    proposedBy: row.proposedByLabel,
    proposedById: row.proposedById,
    proposedAt: row.createdAt.toISOString(),
    noOtherAdmin,
  };
}

/** The model's pending policy change, for the Settings tab and the approval page; null when none. */
export async function pendingPolicyChange(db: Tx, modelKey: string): Promise<PendingPolicyChangeView | null> {
  const row = await db.pendingPolicyChange.findFirst({ where: { model: { key: modelKey } } });
  if (!row) return null;
  const parsed = parsePolicy(row.policy);
  if (!parsed.ok) return null;
  return {
    id: row.id,
    policy: parsed.policy,
    weakens: row.weakens,
    proposedBy: row.proposedByLabel,
    proposedById: row.proposedById,
    proposedAt: row.createdAt.toISOString(),
    noOtherAdmin: (await otherAdmins(db, row.proposedById)) === 0,
  };
}

export type PendingDecisionInput = {
  modelKey: string;
  /** the pending change's id as the page showed it */ id?: string;
  requestId?: string | null;
};

/** A signed-in admin; the system and tokens cannot confirm or discard. */
function requireAdminUser(actor: Actor, doing: string): Extract<Actor, { type: "user" }> {
  if (actor.type !== "user")
    throw new ForbiddenError(`A pending policy change is ${doing} by a signed-in admin on the model's Settings tab.`);
  if (!roleCan(actor.role, "policy:edit"))
    throw new ForbiddenError(`Your role (${actor.role}) cannot change model policies; an admin can.`);
  return actor;
}

async function lockPending(tx: Tx, modelKey: string, id: string | undefined) {
  const model = await modelByKeyOrThrow(tx, modelKey, POLICY_ROW);
  await tx.$queryRaw`SELECT "id" FROM "PendingPolicyChange" WHERE "modelId" = ${model.id} FOR UPDATE`;
  const pending = await tx.pendingPolicyChange.findUnique({ where: { modelId: model.id } });
  if (!pending || (id !== undefined && pending.id !== id)) {
    throw new ConflictError(
      `Model "${modelKey}" has no such pending policy change: it was confirmed or discarded meanwhile. Reload the Settings tab.`,
    );
  }
  return { model, pending };
}

/**
 * A second admin confirms a pending change: it is applied and audited. Refused (403) for the
 * proposer, and for an admin the proposer created or promoted within the independence window of
 * the policy in force; 409 when the policy changed since it was proposed (discard and propose again).
 */
export async function confirmPolicyChange(db: Db, actor: Actor, input: PendingDecisionInput): Promise<UpdatedPolicy> {
  const admin = requireAdminUser(actor, "confirmed");
  return db.$transaction(async (tx) => {
    const { model, pending } = await lockPending(tx, input.modelKey, input.id);
    if (pending.proposedById === admin.id) {
      throw new ForbiddenError("You proposed this change, so you cannot confirm it: another admin must (separation of duties).");
    }
    const days = storedApprovals(model.policy).independenceDays;
    if (pending.proposedById) {
      const appointment = await appointedBy(tx, admin.id, pending.proposedById, days);
      if (appointment) {
        throw new ForbiddenError(
          `${appointmentText(appointment)}, within the policy's ${days}-day independence window: another admin must confirm this change.`,
        );
      }
    }
    if (model.updatedAt.getTime() !== pending.baseUpdatedAt.getTime()) {
      throw new ConflictError(
        `The policy of "${model.key}" changed after this change was proposed (at ${formatDateTime(model.updatedAt)}); discard it and propose it again against the current policy.`,
      );
    }
    const parsed = parsePolicy(pending.policy);
    if (!parsed.ok) throw new ValidationError(parsed.issues);
    const after = await writePolicy(tx, model, parsed.policy, admin, "ui");
    await tx.pendingPolicyChange.delete({ where: { id: pending.id } });
    const proposed = `proposed by ${pending.proposedByLabel} at ${formatDateTime(pending.createdAt)}`;
    await appendAudit(tx, {
      actor: admin,
      action: "model.policy_change_confirmed",
      subject: { type: "model", id: model.key },
      modelKey: model.key,
      before: model.policy,
      after: { policy: parsed.policy, weakens: pending.weakens, pendingId: pending.id, proposedBy: pending.proposedByLabel },
      reason: `${proposed}; confirmed by a second admin`,
      requestId: input.requestId,
    });
    await appendAudit(tx, {
      actor: admin,
      action: "model.policy_updated",
      subject: { type: "model", id: model.key },
      modelKey: model.key,
      before: model.policy,
      after: parsed.policy,
      reason: `${changeSummary(model.policy, parsed.policy)} (${proposed}, confirmed)`.slice(0, 500),
      requestId: input.requestId,
    });
    return {
      model: model.key,
      policy: parsed.policy,
      updatedAt: after.updatedAt.toISOString(),
      changed: true,
      pending: null,
      source: policySource(after),
    };
  }, TX_OPTIONS);
}

/** Any admin, the proposer included, discards a pending change; the policy in force stays. */
export async function discardPolicyChange(db: Db, actor: Actor, input: PendingDecisionInput): Promise<void> {
  const admin = requireAdminUser(actor, "discarded");
  await db.$transaction(async (tx) => {
    const { model, pending } = await lockPending(tx, input.modelKey, input.id);
    await tx.pendingPolicyChange.delete({ where: { id: pending.id } });
    await appendAudit(tx, {
      actor: admin,
      action: "model.policy_change_discarded",
      subject: { type: "model", id: model.key },
      modelKey: model.key,
      before: { policy: pending.policy, weakens: pending.weakens, pendingId: pending.id, proposedBy: pending.proposedByLabel },
      reason: `discarded the change proposed by ${pending.proposedByLabel} at ${formatDateTime(pending.createdAt)}`,
      requestId: input.requestId,
    });
  }, TX_OPTIONS);
}
