/**
 * `rollgate replay compare`: the outputs of two versions over a frozen replay set, read from
 * JSONL files keyed by request_id, turned into the `replay` object an evaluation carries
 * (docs/replay-sets.md). Pure: the command reads the files and prints the result.
 *
 * A decision is the `label` field of an object output when it has one, else the whole output;
 * two decisions agree when their canonical JSON is equal. The worst disagreements come first:
 * the largest gap between numeric `score` fields (a label flip without scores counts as 1),
 * then the tenant with the lower agreement, then the request id.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../../../lib/audit/canonical";

export const MAX_DISAGREEMENTS = 20;

export type SetLine = { request_id: string; tenant: string };
export type TenantResult = { tenant: string; cases: number; agreement: number };
export type Disagreement = { request_id: string; tenant: string; baseline_output: unknown; candidate_output: unknown };
export type ReplayReport = {
  baseline_version: string;
  cases: number;
  agreement: number;
  set?: { id: string; hash: string };
  by_tenant: TenantResult[];
  disagreements: Disagreement[];
};

export class CompareError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The decision an output stands for: its `label` when it is an object with one. */
export function decisionOf(output: unknown): unknown {
  return isObject(output) && "label" in output ? output.label : output;
}

export function sameDecision(a: unknown, b: unknown): boolean {
  return canonicalJson(decisionOf(a) ?? null) === canonicalJson(decisionOf(b) ?? null);
}

function gap(a: unknown, b: unknown): number {
  if (isObject(a) && isObject(b) && typeof a.score === "number" && typeof b.score === "number") return Math.abs(a.score - b.score);
  return 1;
}

/** Parses JSONL: one JSON object per non-empty line; errors name the file and line. */
export function parseJsonl(text: string, file: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new CompareError(`${file}:${i + 1}: not JSON`);
    }
    if (!isObject(v)) throw new CompareError(`${file}:${i + 1}: must be a JSON object`);
    if (typeof v.request_id !== "string" || v.request_id === "") throw new CompareError(`${file}:${i + 1}: has no request_id`);
    out.push(v);
  });
  return out;
}

/** request_id → output; a request id given twice is an error (which output would count?). */
export function outputsById(rows: Record<string, unknown>[], file: string): Map<string, unknown> {
  const map = new Map<string, unknown>();
  for (const r of rows) {
    const id = r.request_id as string;
    if (map.has(id)) throw new CompareError(`${file}: request_id "${id}" appears twice`);
    if (!("output" in r)) throw new CompareError(`${file}: the line of "${id}" has no output`);
    map.set(id, r.output);
  }
  return map;
}

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export type CompareInput = {
  setText: string;
  baselineText: string;
  candidateText: string;
  baselineVersion: string;
  setId?: string | null;
  files?: { set: string; baseline: string; candidate: string };
};

/** The report, and the set's request ids that either file lacks (left out of the cases). */
export function compareReplay(input: CompareInput): { report: ReplayReport; missing: string[] } {
  const files = input.files ?? { set: "set", baseline: "baseline", candidate: "candidate" };
  const items = parseJsonl(input.setText, files.set);
  for (const [i, it] of items.entries()) {
    if (typeof it.tenant !== "string") throw new CompareError(`${files.set}:${i + 1}: has no tenant`);
  }
  const baseline = outputsById(parseJsonl(input.baselineText, files.baseline), files.baseline);
  const candidate = outputsById(parseJsonl(input.candidateText, files.candidate), files.candidate);

  const tenants = new Map<string, { cases: number; agree: number }>();
  const disagreements: (Disagreement & { gap: number })[] = [];
  const missing: string[] = [];
  for (const it of items) {
    const id = it.request_id as string;
    const tenant = it.tenant as string;
    if (!baseline.has(id) || !candidate.has(id)) {
      missing.push(id);
      continue;
    }
    const b = baseline.get(id);
    const c = candidate.get(id);
    const t = tenants.get(tenant) ?? { cases: 0, agree: 0 };
    t.cases += 1;
    if (sameDecision(b, c)) t.agree += 1;
    else disagreements.push({ request_id: id, tenant, baseline_output: b, candidate_output: c, gap: gap(b, c) });
    tenants.set(tenant, t);
  }
  const cases = [...tenants.values()].reduce((n, t) => n + t.cases, 0);
  if (cases === 0) throw new CompareError(`no item of ${files.set} has an output in both ${files.baseline} and ${files.candidate}`);
  const agree = [...tenants.values()].reduce((n, t) => n + t.agree, 0);
  const byTenant = [...tenants]
    .map(([tenant, t]) => ({ tenant, cases: t.cases, agreement: t.agree / t.cases }))
    .sort((a, b) => a.agreement - b.agreement || b.cases - a.cases || (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  const tenantAgreement = new Map(byTenant.map((t) => [t.tenant, t.agreement]));
  disagreements.sort(
    (a, b) =>
      b.gap - a.gap ||
      tenantAgreement.get(a.tenant)! - tenantAgreement.get(b.tenant)! ||
      (a.request_id < b.request_id ? -1 : a.request_id > b.request_id ? 1 : 0),
  );
  const report: ReplayReport = {
    baseline_version: input.baselineVersion,
    cases,
    agreement: agree / cases,
    ...(input.setId ? { set: { id: input.setId, hash: sha256Hex(input.setText) } } : {}),
    by_tenant: byTenant,
    disagreements: disagreements.slice(0, MAX_DISAGREEMENTS).map(({ gap: _gap, ...d }) => d),
  };
  return { report, missing };
}
