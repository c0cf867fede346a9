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
 * Framework-free like service.ts: the server action, the demo seed and scripts pass their own
 * Prisma client and actor.
 */
import type { Prisma } from '../../generated/prisma/client';
import { appendAudit } from '../audit/append';
import type { Actor } from '../auth/actor';
import { roleCan } from '../auth/permissions';
import type { Db } from '../database/types';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { canonicalJson } from '../registry/canonical';
import { diffManifests } from '../registry/diff';
import { parsePolicy, type Policy } from './policy';
import { parsePolicyText, parsePolicyValue } from './policy-draft';
import { TX_OPTIONS } from './rows';

export type UpdatePolicyInput = {
  modelKey: string;
  /** the policy as JSON text (the editor) or as a parsed object (scripts, the seed) */
  policy: string | Record<string, unknown>;
  /**
   * The model's `updatedAt` when the editor loaded it. When given, the save is refused (409)
   * if anyone changed the model since; scripts that own the model may leave it out.
   */
  updatedAt?: string | Date;
  requestId?: string | null;
};

export type UpdatedPolicy = {
  model: string;
  policy: Policy;
  /** the model's updatedAt after the save: what the editor sends with its next save */
  updatedAt: string;
  /** false when the policy was already exactly this (nothing written, nothing audited) */
  changed: boolean;
};

/** An admin, or the system itself (seed, scripts); API tokens and other roles are refused. */
function requirePolicyEditor(actor: Actor): void {
  if (actor.type === 'system') return;
  if (actor.type !== 'user') {
    throw new ForbiddenError("Model policies are changed by an admin on the model's Settings tab; API tokens and automation cannot change them.");
  }
  if (!roleCan(actor.role, 'policy:edit')) {
    throw new ForbiddenError(`Your role (${actor.role}) cannot change model policies; an admin can.`);
  }
}

function staleError(modelKey: string, savedAt: Date): ConflictError {
  return new ConflictError(
    `The policy changed since you opened it: model "${modelKey}" was saved by someone else at ${savedAt.toISOString()}. ` +
      'Reload to see their version, then apply your edits again.',
  );
}

function expectedTime(value: string | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new ValidationError([{ path: 'updatedAt', message: 'must be the ISO date-time the model was last updated at, as the editor read it' }]);
  }
  return ms;
}

// The audit reason names what changed; the full policies are in before/after.
function changeSummary(before: unknown, after: Policy): string {
  const parsed = parsePolicy(before);
  const paths = diffManifests(parsed.ok ? parsed.policy : before, after).map((c) => c.path);
  const text = `changed ${paths.join(', ')}`;
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

/**
 * Validates and stores a model's policy. 422 listing every bad field (paths from `policy`),
 * 404 for an unknown model, 409 when the model changed since `updatedAt`, 403 unless admin.
 * Saving the policy that is already stored writes nothing.
 */
export async function updatePolicy(db: Db, actor: Actor, input: UpdatePolicyInput): Promise<UpdatedPolicy> {
  requirePolicyEditor(actor);
  const expected = expectedTime(input.updatedAt);
  const parsed = typeof input.policy === 'string' ? parsePolicyText(input.policy) : parsePolicyValue(input.policy);
  if (!parsed.ok) throw new ValidationError(parsed.issues);
  const policy = parsed.policy;

  return db.$transaction(async (tx) => {
    const model = await tx.model.findUnique({ where: { key: input.modelKey }, select: { id: true, key: true, policy: true, updatedAt: true } });
    if (!model) throw new NotFoundError(`Model "${input.modelKey}" does not exist.`);
    if (expected !== undefined && model.updatedAt.getTime() !== expected) throw staleError(model.key, model.updatedAt);
    // jsonb does not keep key order: compare canonical forms
    if (canonicalJson(model.policy) === canonicalJson(policy)) {
      return { model: model.key, policy, updatedAt: model.updatedAt.toISOString(), changed: false };
    }
    // The precondition in the `where`: a save that committed after our read leaves 0 rows.
    const written = await tx.model.updateMany({
      where: { id: model.id, updatedAt: model.updatedAt },
      data: { policy: policy as unknown as Prisma.InputJsonValue },
    });
    const after = await tx.model.findUniqueOrThrow({ where: { id: model.id }, select: { updatedAt: true } });
    if (written.count !== 1) throw staleError(model.key, after.updatedAt);
    await appendAudit(tx, {
      actor,
      action: 'model.policy_updated',
      subject: { type: 'model', id: model.key },
      modelKey: model.key,
      before: model.policy,
      after: policy,
      reason: changeSummary(model.policy, policy),
      requestId: input.requestId,
    });
    return { model: model.key, policy, updatedAt: after.updatedAt.toISOString(), changed: true };
  }, TX_OPTIONS);
}
