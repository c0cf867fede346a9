/**
 * What the approval page shows of an evaluation's replay: the totals, and when CI replayed a
 * frozen set (`rollgate replay compare`), the set, the agreement per tenant worst first and the
 * worst disagreements. Read defensively from the stored JSON: evaluations recorded before these
 * fields existed, or whose set has since expired, still show what they have.
 */
import type { ReplaySetDto } from "../replay";
import type { GateResult } from "./gates";

export type ReplayTenantRow = { tenant: string; cases: number; agreement: number };
export type ReplayDisagreement = { requestId: string; tenant: string | null; baselineOutput: unknown; candidateOutput: unknown };

export type ReplayReview = {
  baselineVersion: string;
  cases: number;
  agreement: number;
  /** the policy's minimum agreement; null when the policy sets none */
  minAgreement: number | null;
  /** the replay gate's verdict from the evaluation; null when the policy has no replay gate */
  gate: GateResult | null;
  /** the frozen set replayed; `found: false` when it is gone (expired) */
  set: { id: string; hash: string; found: ReplaySetDto | null } | null;
  /** worst agreement first */
  byTenant: ReplayTenantRow[];
  disagreements: ReplayDisagreement[];
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The set a stored replay names, or null. */
export function replaySetRef(json: unknown): { id: string; hash: string } | null {
  if (!isRecord(json) || !isRecord(json.set)) return null;
  const { id, hash } = json.set;
  return typeof id === "string" && typeof hash === "string" ? { id, hash } : null;
}

export function replayReviewOf(
  json: unknown,
  ctx: { minAgreement: number | null; gate: GateResult | null; set: ReplaySetDto | null },
): ReplayReview | null {
  if (
    !isRecord(json) ||
    typeof json.baseline_version !== "string" ||
    typeof json.cases !== "number" ||
    typeof json.agreement !== "number"
  ) {
    return null;
  }
  const ref = replaySetRef(json);
  const byTenant = (Array.isArray(json.by_tenant) ? json.by_tenant : [])
    .filter(
      (t): t is ReplayTenantRow =>
        isRecord(t) && typeof t.tenant === "string" && typeof t.cases === "number" && typeof t.agreement === "number",
    )
    .map((t) => ({ tenant: t.tenant, cases: t.cases, agreement: t.agreement }))
    .sort((a, b) => a.agreement - b.agreement || b.cases - a.cases || (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  const disagreements = (Array.isArray(json.disagreements) ? json.disagreements : [])
    .filter((d): d is Record<string, unknown> => isRecord(d) && typeof d.request_id === "string")
    .map((d) => ({
      requestId: d.request_id as string,
      tenant: typeof d.tenant === "string" ? d.tenant : null,
      baselineOutput: d.baseline_output ?? null,
      candidateOutput: d.candidate_output ?? null,
    }));
  return {
    baselineVersion: json.baseline_version,
    cases: json.cases,
    agreement: json.agreement,
    minAgreement: ctx.minAgreement,
    gate: ctx.gate,
    set: ref ? { ...ref, found: ctx.set && ctx.set.id === ref.id ? ctx.set : null } : null,
    byTenant,
    disagreements,
  };
}
