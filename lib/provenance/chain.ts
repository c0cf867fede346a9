/**
 * The evidence chain of one prediction, as the lookup page and the API show it: request →
 * version served (and why) → the release at that moment → the approvals that put the version
 * in production → the evaluations and gates it passed → its manifest and what changed from the
 * version before → the audit events behind each step, with their chain positions.
 *
 * Every link is either `present` with its facts or `missing` with why, never blank: an auditor
 * reads "not recorded because …" rather than an empty row. Pure and client-safe.
 */

/** One audit event a link rests on: its position in the hash chain and its hash. */
export type AuditRef = { seq: string; at: string; action: string; actor: string; hash: string; prevHash: string };

export type Link<T> = ({ status: "present" } & T) | { status: "missing"; why: string };

export const missing = (why: string): { status: "missing"; why: string } => ({ status: "missing", why });

export type Served = {
  model: string;
  version: string;
  tenant: string | null;
  at: string;
  route: string | null;
  /** why this version answered, in words */
  why: string;
  /** the facts came from a stored prediction, or from the caller (the request id was not kept) */
  source: "prediction" | "given";
};

export type ReleaseAt = {
  epoch: number;
  state: string;
  stableVersion: string | null;
  candidateVersion: string | null;
  candidatePercent: number;
  stepIndex: number;
  steps: number[];
  /** the move that set this state, and when */
  since: string;
  audit: AuditRef;
};

export type ApprovalLink = {
  reviewer: { name: string; email: string };
  decision: string;
  comment: string;
  at: string;
  /** set when a later event (a rollback) withdrew it */
  invalidatedAt: string | null;
  audit: AuditRef | null;
};

export type EvaluationLink = {
  dataset: string;
  passed: boolean;
  metrics: unknown;
  gates: unknown;
  reasons: unknown;
  replay: unknown;
  baselineVersion: string | null;
  by: string;
  at: string;
  audit: AuditRef | null;
};

export type ManifestLink = {
  contentHash: string;
  registeredBy: string;
  registeredAt: string;
  parentVersion: string | null;
  /** what changed from the parent version; null without one */
  changes: { path: string; kind: string; before?: unknown; after?: unknown }[] | null;
  audit: AuditRef | null;
};

export type PredictionEvidence = {
  requestId: string;
  served: Link<Served>;
  release: Link<ReleaseAt>;
  rollout: Link<{ startedAt: string; startedBy: string; audit: AuditRef }>;
  approvals: Link<{ approvals: ApprovalLink[] }>;
  evaluations: Link<{ evaluations: EvaluationLink[] }>;
  manifest: Link<ManifestLink>;
  /** every audit event cited above, oldest first */
  audit: AuditRef[];
};

const ROUTE_WHY: Record<string, string> = {
  pin: "the tenant was pinned to this version",
  candidate: "the request's routing key fell in the candidate's share of the canary",
  stable: "the stable version: the routing key fell outside any candidate's share",
  shadow: "shadow: the candidate ran alongside stable on this request",
  unknown: "neither the candidate nor the stable version when it was recorded (an old or direct call)",
};

/** Why a version answered, from the route recorded with the prediction and the release then. */
export function servedWhy(route: string | null, release: ReleaseAt | null): string {
  if (!route) return "the route was not recorded with this prediction (sent before routes were recorded)";
  const base = ROUTE_WHY[route] ?? route;
  if (route === "candidate" && release)
    return `${base} (${release.candidatePercent} % at step ${release.stepIndex + 1} of ${release.steps.length})`;
  return base;
}

export type ReplayFacts = { agreement: number; cases: number; set: { id: string; hash: string } | null };

/** An evaluation's replay as the chain states it: agreement, cases and the frozen set replayed, if any. */
export function replayFacts(replay: unknown): ReplayFacts | null {
  if (typeof replay !== "object" || replay === null) return null;
  const r = replay as { agreement?: unknown; cases?: unknown; set?: { id?: unknown; hash?: unknown } | null };
  if (typeof r.agreement !== "number" || typeof r.cases !== "number") return null;
  const set = r.set && typeof r.set.id === "string" && typeof r.set.hash === "string" ? { id: r.set.id, hash: r.set.hash } : null;
  return { agreement: r.agreement, cases: r.cases, set };
}
