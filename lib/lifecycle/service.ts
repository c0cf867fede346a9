/**
 * The lifecycle's writes: the only path that changes a version's stage, records evaluations
 * and approvals, or moves the production Release pointer on a promotion. Never call
 * `prisma.modelVersion.update`, `prisma.approval.create` or `prisma.release.update` for these
 * anywhere else: each function here checks its precondition in the `where` of its write,
 * writes the change, its audit events and its outbox events in ONE transaction.
 *
 * Framework-free: callers (route handlers, server actions, the demo seed, scripts) pass their
 * own Prisma client and actor. Lock order and shared helpers: rows.ts.
 *
 * Outbox events (OutboxEvent.type): version.staged, approval.decided, version.promoted,
 * version.rejected, version.deprecated, version.archived.
 */
export { recordEvaluation, type RecordEvaluationInput, type RecordedEvaluation } from './evaluations';
export { approveVersion, rejectVersion, type DecisionInput, type DecisionResult } from './decisions';
export type { Promotion } from './promotion';
export { archiveVersion, deprecateVersion, type ArchiveInput, type DeprecateInput, type RetiredVersion } from './retirement';
