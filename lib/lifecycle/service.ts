/**
 * The lifecycle's writes: records evaluations and approvals and changes a version's stage up to
 * its approval (DEV → STAGING → REJECTED, deprecation, archiving); the approval that completes a
 * review starts the version's release through lib/rollout (startRolloutTx), inside the
 * approval's transaction. Stages are written only here and by lib/rollout's moves (rows.ts). Never call
 * `prisma.modelVersion.update`, `prisma.approval.create` or `prisma.release.update` for these
 * anywhere else: each function here checks its precondition in the `where` of its write,
 * writes the change, its audit events and its outbox events in ONE transaction.
 *
 * Framework-free: callers (route handlers, server actions, the demo seed, scripts) pass their
 * own Prisma client and actor. Lock order and shared helpers: rows.ts.
 *
 * Outbox events (OutboxEvent.type): version.staged, approval.decided, version.rejected,
 * version.deprecated, version.archived; the approval that completes a review also writes
 * lib/rollout's release.started (or, for a model's first version, release.completed and
 * version.promoted).
 */
export { recordEvaluation, type RecordEvaluationInput, type RecordedEvaluation } from "./evaluations";
export { approveVersion, rejectVersion, type DecisionInput, type DecisionResult } from "./decisions";
export type { Promotion } from "./promotion";
export { archiveVersion, deprecateVersion, type ArchiveInput, type DeprecateInput, type RetiredVersion } from "./retirement";
