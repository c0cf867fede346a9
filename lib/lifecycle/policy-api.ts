/**
 * Policy as code: a model's policy read and applied as a document (`GET`/`PUT
 * /api/v1/models/{m}/policy`, `rollgate policy get|apply`). The document carries the policy's
 * revision, which is its ETag; applying with `If-Match` refuses (412) a policy someone changed
 * since it was read. Writes go through updatePolicy, so through the one write path: validation
 * with field paths, the weakening rule (a second admin confirms) and the audit event.
 */
import { stringify } from "yaml";
import { ifMatchNumber } from "../api/if-match";
import type { Actor } from "../auth/actor";
import { modelByKeyOrThrow } from "../database/models";
import type { Db } from "../database/types";
import { ValidationError } from "../errors";
import { canonicalJson } from "../audit/canonical";
import { approvalWeakenings, parsePolicy, parsePolicyValue, type Policy } from "../policy";
import { parseManifestText } from "../registry/server";
import {
  assertCanEditPolicy,
  assertRevision,
  pendingPolicyChange,
  POLICY_ROW,
  policySource,
  updatePolicy,
  type PolicySource,
} from "./policy-service";

export type PolicyDocument = {
  model: string;
  policy: Policy;
  revision: number;
  /** when the policy in force was written (the model's registration when never changed since) */
  updatedAt: string;
  /** who wrote it and how; null when it is the policy the model was registered with */
  source: { via: string; actor: string | null; at: string } | null;
  /** a weakening change waiting for a second admin */
  pending: { id: string; weakens: string[]; proposedBy: string; proposedAt: string } | null;
};

export type AppliedPolicy = PolicyDocument & {
  changed: boolean;
  /** with dry_run: nothing was written; `policy` is what would be stored */
  dryRun?: boolean;
  /** with dry_run: how the change would weaken the approval gate (it would wait for a second admin) */
  weakens?: string[];
};

function sourceOf(s: PolicySource): PolicyDocument["source"] {
  return s.via && s.at ? { via: s.via, actor: s.actor, at: s.at } : null;
}

export async function policyDocument(db: Db, modelKey: string): Promise<PolicyDocument> {
  const model = await modelByKeyOrThrow(db, modelKey, { ...POLICY_ROW, createdAt: true });
  const parsed = parsePolicy(model.policy);
  if (!parsed.ok) throw new ValidationError(parsed.issues, `The stored policy of "${model.key}" is not valid; fix it on the Settings tab.`);
  const pending = await pendingPolicyChange(db, model.key);
  return {
    model: model.key,
    policy: parsed.policy,
    revision: model.policyRevision,
    updatedAt: (model.policyUpdatedAt ?? model.createdAt).toISOString(),
    source: sourceOf(policySource(model)),
    pending: pending && { id: pending.id, weakens: pending.weakens, proposedBy: pending.proposedBy, proposedAt: pending.proposedAt },
  };
}

/** The document as YAML, for `Accept: application/yaml` and `rollgate policy get`. */
export function policyYaml(doc: PolicyDocument): string {
  return stringify(doc, { lineWidth: 0 });
}

/**
 * The policy out of a request body: the bare policy, or the document `policy get` wrote
 * (`{model, policy, revision, …}`), whose model must be this one.
 */
export function policyFromBody(modelKey: string, text: string, contentType: string | null): Record<string, unknown> {
  if (text.trim() === "") throw new ValidationError([{ path: "body", message: "is empty: send the policy as JSON or YAML" }]);
  const parsed = parseManifestText(text, contentType);
  if (!parsed.ok) throw new ValidationError(parsed.issues.map((i) => ({ path: i.path || "body", message: i.message })));
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError([{ path: "body", message: "must be the policy as an object (JSON or YAML mapping)" }]);
  }
  const record = value as Record<string, unknown>;
  if (!("policy" in record)) return record;
  if (record.model !== undefined && record.model !== modelKey) {
    throw new ValidationError([
      { path: "model", message: `names "${String(record.model)}", but this is the policy of "${modelKey}": apply it to its own model` },
    ]);
  }
  const inner = record.policy;
  if (typeof inner !== "object" || inner === null || Array.isArray(inner)) {
    throw new ValidationError([{ path: "policy", message: "must be an object" }]);
  }
  return inner as Record<string, unknown>;
}

export type ApplyPolicyInput = {
  modelKey: string;
  text: string;
  contentType: string | null;
  /** `If-Match`: the revision the caller read, or null for "whatever it is now" */
  revision: number | null;
  /** validate and show what would be stored, write nothing */
  dryRun?: boolean;
  requestId: string;
};

export async function applyPolicy(db: Db, actor: Actor, input: ApplyPolicyInput): Promise<AppliedPolicy & { waiting: boolean }> {
  const policy = policyFromBody(input.modelKey, input.text, input.contentType);
  if (input.dryRun) return preview(db, actor, input, policy);
  const saved = await updatePolicy(db, actor, {
    modelKey: input.modelKey,
    policy,
    revision: input.revision,
    via: actor.type === "system" ? "system" : "api",
    requestId: input.requestId,
  });
  const doc = await policyDocument(db, input.modelKey);
  return { ...doc, changed: saved.changed, waiting: saved.pending !== null };
}

/**
 * What applying would do, for `rollgate policy apply` to show a diff of the normalised policies
 * before asking: the same validation (422) and precondition (412), and the weakenings; the
 * named reviewers are checked against who exists only when it is applied.
 */
async function preview(db: Db, actor: Actor, input: ApplyPolicyInput, value: Record<string, unknown>) {
  assertCanEditPolicy(actor);
  const parsed = parsePolicyValue(value);
  if (!parsed.ok) throw new ValidationError(parsed.issues);
  const model = await modelByKeyOrThrow(db, input.modelKey, POLICY_ROW);
  assertRevision(model, input.revision);
  const doc = await policyDocument(db, input.modelKey);
  const changed = canonicalJson(model.policy) !== canonicalJson(parsed.policy);
  return {
    ...doc,
    policy: parsed.policy,
    changed,
    dryRun: true,
    weakens: changed ? approvalWeakenings(model.policy, parsed.policy) : [],
    waiting: false,
  };
}

/** `If-Match: "7"` (also `W/"7"`, `7`, `*`) → 7; null when absent or `*`; 422 otherwise. */
export function parsePolicyIfMatch(header: string | null): number | null {
  return ifMatchNumber(header, 'must be the policy revision as its ETag gives it, e.g. "7"');
}
