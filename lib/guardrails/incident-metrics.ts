/**
 * Metrics before and after a rollback, for every incident (a person's or the guardrail's):
 * "before" is the rolled-back version's window up to the rollback, stored when the incident
 * opens; "after" is the version traffic went back to, since the rollback, read live.
 */
import type { Tx } from "../database/types";
import type { Check, WindowStats } from "./decide";
import { versionWindow } from "./window";

/** How far back "before" looks from the rollback (the last minutes the bad version served). */
export const BEFORE_MINUTES = 10;
/** "After" covers at most this long after the rollback, so an old incident stays cheap to show. */
export const AFTER_MAX_MINUTES = 24 * 60;

export type IncidentWindow = WindowStats & { from: string; to: string };

/** The rolled-back version's stats over the minutes before the rollback (never before its rollout began). */
export async function beforeRollback(
  tx: Tx,
  modelId: string,
  version: string,
  at: Date,
  rolloutStartedAt: Date | null,
): Promise<IncidentWindow> {
  const from = new Date(Math.max(at.getTime() - BEFORE_MINUTES * 60_000, rolloutStartedAt?.getTime() ?? 0));
  const stats = await versionWindow(tx, modelId, version, { from, to: at });
  return { ...stats, from: from.toISOString(), to: at.toISOString() };
}

export async function afterRollback(tx: Tx, modelId: string, version: string, at: Date, now = new Date()): Promise<IncidentWindow> {
  const to = new Date(Math.min(now.getTime(), at.getTime() + AFTER_MAX_MINUTES * 60_000));
  // the minute holding the rollback mixes both versions' traffic; start after it
  const from = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
  const stats = await versionWindow(tx, modelId, version, { from, to });
  return { ...stats, from: from.toISOString(), to: to.toISOString() };
}

export type StoredBefore = {
  source?: string;
  reason?: string;
  checks?: Check[];
  candidate?: WindowStats;
  stable?: WindowStats | null;
  minSample?: number;
  window?: { from: string; to: string };
};

/** The "before" stats of a stored metricsBefore: a guardrail decision's candidate, or a plain window. */
export function beforeStats(stored: unknown): { stats: WindowStats | null; decision: StoredBefore | null } {
  if (typeof stored !== "object" || stored === null) return { stats: null, decision: null };
  const s = stored as StoredBefore & Partial<WindowStats>;
  if (s.candidate && typeof s.candidate.requests === "number") return { stats: s.candidate, decision: s };
  if (typeof s.requests === "number") return { stats: s as WindowStats, decision: null };
  return { stats: null, decision: null };
}

/** The incident page's "after": by model key, null when the model is gone. */
export async function afterRollbackOf(
  tx: Tx,
  modelKey: string,
  version: string,
  rolledBackAt: string | Date,
): Promise<IncidentWindow | null> {
  const model = await tx.model.findUnique({ where: { key: modelKey }, select: { id: true } });
  return model ? afterRollback(tx, model.id, version, new Date(rolledBackAt)) : null;
}
