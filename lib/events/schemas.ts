/**
 * Every outbox event type and the payload its service writes, one zod schema each, combined in
 * one discriminated union on `type`. Emitting (emit.ts) is checked against it at compile time
 * and at runtime; readers (the webhook bodies, history labels) parse stored rows with it and
 * switch on `type`, so a new event type fails the type-check until every reader handles it.
 *
 * Payload objects are strict: a row written by an earlier version with other fields does not
 * parse, and a reader then falls back to reading the stored fields one by one, as every row was
 * read before events had schemas (the webhook bodies do). Field names are never renamed or
 * removed: webhook receivers read them, and docs/webhooks.md lists them.
 *
 * Pure and client-safe (zod, the generated enums and a type), so components can use the names.
 */
import { z } from "zod";
import { Decision, ReleaseMode, Stage } from "../../generated/prisma/enums";
import type { Actor } from "../auth/actor";

/** `Date.toISOString()`: what every `at` field holds. */
const at = z.iso.datetime();
const epoch = z.number().int();
const count = z.number().int().nonnegative();
/** A version name; never blank (readers show "a version" for a blank one). */
const version = z.string().regex(/\S/, "must not be blank");
const actorType = z.enum(["user", "token", "policy", "guardrail", "system"]) satisfies z.ZodType<Actor["type"]>;
const reviewer = z.strictObject({ id: z.string(), email: z.string() });

/** A model's event; `model` repeats the row's modelKey so a receiver needs only the payload. */
function modelEvent<T extends string, P extends z.ZodRawShape>(type: T, payload: P) {
  return z.strictObject({
    type: z.literal(type),
    modelKey: z.string().min(1),
    payload: z.strictObject({ model: z.string().min(1), ...payload }),
  });
}

/** An event about no model (the row's modelKey is null). */
function globalEvent<T extends string, P extends z.ZodRawShape>(type: T, payload: P) {
  return z.strictObject({ type: z.literal(type), modelKey: z.null(), payload: z.strictObject(payload) });
}

/** What every move of a release writes (lib/rollout/service.ts), before its own fields. */
const releaseMove = {
  environment: z.string(),
  epoch,
  previousEpoch: epoch,
  by: z.string(),
  actorType,
  reason: z.string().nullable(),
  at,
};

const evidence = z.strictObject({ events: count, requests: count, mean: z.number().optional() });

const guardrailCheck = z.strictObject({
  name: z.string(),
  severity: z.enum(["hard", "soft"]),
  value: z.number(),
  threshold: z.number(),
  op: z.enum(["<=", ">="]),
  sample: count,
  passed: z.boolean(),
  /** a Prometheus check's query, as sent */
  query: z.string().optional(),
  /** the sequential test behind a comparison with stable: its verdict, statistic and bound, and the evidence */
  sequential: z
    .strictObject({
      verdict: z.enum(["worse", "not_worse", "unsure"]),
      statistic: z.number(),
      bound: z.number(),
      candidate: evidence,
      stable: evidence,
      reference: z.number().optional(),
    })
    .optional(),
});

/** Who can approve a version that entered STAGING (version.staged). */
export const canApproveSchema = z.strictObject({
  /** the model's named-reviewer rules; empty: any approver */
  rules: z.array(z.strictObject({ reviewers: z.array(z.string()), required: count })),
  teams: z.array(z.strictObject({ key: z.string(), name: z.string() })),
  /** enabled approvers the rules name (every approver without rules), the registrant excluded; at most 50 */
  people: z.array(z.strictObject({ email: z.string(), name: z.string() })),
  /** how many more could approve than `people` lists */
  morePeople: count,
});

// The order is the settings form's order: lifecycle, releases, pins, drift, audit.
export const outboxEventSchema = z.discriminatedUnion("type", [
  modelEvent("version.staged", {
    version,
    stage: z.literal(Stage.STAGING),
    evaluationId: z.string(),
    dataset: z.string(),
    at,
    /** who can approve it, so a receiver can mention them; absent in events written before it was added */
    canApprove: canApproveSchema.optional(),
  }),
  modelEvent("approval.decided", {
    version,
    decision: z.enum(Decision),
    reviewer,
    comment: z.string(),
    approved: count,
    required: count,
    at,
  }),
  modelEvent("version.rejected", {
    version,
    stage: z.literal(Stage.REJECTED),
    reviewer,
    comment: z.string(),
    at,
  }),
  modelEvent("version.promoted", {
    // typed as the Release row has it; a completed rollout always has a stable version
    version: version.nullable(),
    stage: z.literal(Stage.PROD),
    previousStableVersion: version.nullable(),
    retired: z.array(version),
    epoch,
    by: z.string(),
    at,
  }),
  modelEvent("version.deprecated", {
    version,
    stage: z.literal(Stage.DEPRECATED),
    previousStage: z.enum(Stage),
    deprecatesAt: at,
    reason: z.string(),
    by: z.string(),
    at,
  }),
  modelEvent("version.archived", {
    version,
    stage: z.literal(Stage.ARCHIVED),
    previousStage: z.enum(Stage),
    reason: z.string(),
    by: z.string(),
    at,
  }),
  modelEvent("release.started", {
    ...releaseMove,
    /** null when a model's first version takes all traffic at once */
    version: version.nullable(),
    stable: version.nullable(),
    mode: z.enum(ReleaseMode),
    percent: z.number(),
    steps: z.array(z.number()),
    bakeMinutes: z.number(),
  }),
  modelEvent("release.advanced", {
    ...releaseMove,
    version: version.nullable(),
    percent: z.number(),
    stepIndex: count,
    steps: z.array(z.number()),
  }),
  modelEvent("release.paused", { ...releaseMove, version: version.nullable(), percent: z.number(), stepIndex: count }),
  modelEvent("release.resumed", { ...releaseMove, version: version.nullable(), percent: z.number(), stepIndex: count }),
  modelEvent("release.aborted", { ...releaseMove, version: version.nullable(), stable: version.nullable() }),
  modelEvent("release.completed", {
    ...releaseMove,
    version: version.nullable(),
    previousStableVersion: version.nullable(),
    retired: z.array(version),
  }),
  modelEvent("release.rolled_back", {
    ...releaseMove,
    oldEpoch: epoch,
    newEpoch: epoch,
    fromVersion: version,
    toVersion: version,
    stable: version.nullable(),
    incidentId: z.string(),
    trigger: z.enum(["user", "api", "guardrail"]),
  }),
  modelEvent("release.held", {
    version: version.nullable(),
    reason: z.string(),
    /** the checks that failed */
    checks: z.array(guardrailCheck),
    epoch,
    by: z.string(),
    at,
  }),
  modelEvent("tenant.pinned", {
    environment: z.string(),
    tenant: z.string(),
    version,
    previousVersion: version.nullable(),
    reason: z.string(),
    epoch,
    previousEpoch: epoch,
    by: z.string(),
    at,
  }),
  modelEvent("tenant.unpinned", {
    environment: z.string(),
    tenant: z.string(),
    previousVersion: version,
    reason: z.string(),
    epoch,
    previousEpoch: epoch,
    by: z.string(),
    at,
  }),
  modelEvent("drift.detected", {
    tenant: z.string(),
    feature: z.string(),
    psi: z.number(),
    js: z.number(),
    ks: z.number().nullable(),
    sample: count,
    window: z.string(),
    thresholds: z.strictObject({ psiWarn: z.number(), psiAlert: z.number(), jsAlert: z.number(), minSample: count }),
    metric: z.literal("PSI"),
    /** the PSI with three decimals, as the alert shows it */
    value: z.string(),
    baseline: z.string().nullable(),
    detectedAt: at,
  }),
  globalEvent("audit.checkpoint", {
    id: z.string(),
    position: z.string(),
    headHash: z.string(),
    eventCount: z.string(),
    signedAt: at,
    keyId: z.string(),
    algorithm: z.literal("Ed25519"),
    signature: z.string(),
    publicKeyPem: z.string(),
  }),
  /** "Send test" on a webhook: delivered to that webhook only, never fanned out */
  globalEvent("webhook.test", {
    webhookId: z.string(),
    webhook: z.string(),
    requestedBy: z.string(),
    at,
  }),
]);

/** An outbox event as it is stored and read: `type`, `modelKey` and `payload`. */
export type OutboxEvent = z.infer<typeof outboxEventSchema>;
/** What `emitEvent` takes (the same shape: the schemas have no defaults or transforms). */
export type OutboxEventInput = z.input<typeof outboxEventSchema>;
export type EventType = OutboxEvent["type"];
export type EventOf<T extends EventType> = Extract<OutboxEvent, { type: T }>;

/** Sent only by "Send test", and only to the webhook it tests; no filter selects it. */
export const TEST_EVENT = "webhook.test" satisfies EventType;
export const CHECKPOINT_EVENT = "audit.checkpoint" satisfies EventType;

/** Every event type, in the schemas' order. */
export const EVENT_TYPE_LIST: readonly EventType[] = outboxEventSchema.options.map((o) => o.shape.type.value);

const known = new Set<string>(EVENT_TYPE_LIST);

export function isEventType(t: string): t is EventType {
  return known.has(t);
}

/** A stored row's event, or null when its type is unknown or its payload is not what the schema says. */
export function parseOutboxEvent(row: { type: string; modelKey: string | null; payload: unknown }): OutboxEvent | null {
  if (!isEventType(row.type)) return null;
  const parsed = outboxEventSchema.safeParse({ type: row.type, modelKey: row.modelKey, payload: row.payload });
  return parsed.success ? parsed.data : null;
}
