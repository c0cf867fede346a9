/**
 * An evaluation's replay that names a frozen set must describe that set: it exists for the
 * evaluated model, its hash is the frozen one, the cases fit in it, the per-tenant results are
 * of its tenants and add up to the totals, and the disagreements are its items. Runs inside
 * recordEvaluation's transaction, so the evaluation is stored only against a set that held.
 */
import type { Tx } from "../database/types";
import { ValidationError, type FieldIssue } from "../errors";
import { setDto } from "./dto";

export type ReplayOnSet = {
  cases: number;
  agreement: number;
  set?: { id: string; hash: string };
  by_tenant?: { tenant: string; cases: number; agreement: number }[];
  disagreements?: { request_id: string; tenant?: string }[];
};

const TOLERANCE = 1e-6;

/** Throws a 422 naming each field of `replay` that does not match its set; nothing when no set is named. */
export async function checkReplayAgainstSet(tx: Tx, modelId: string, modelKey: string, replay: ReplayOnSet): Promise<void> {
  if (!replay.set) return;
  const row = await tx.replaySet.findFirst({ where: { id: replay.set.id, modelId } });
  if (!row) {
    throw new ValidationError([{ path: "replay.set.id", message: `${modelKey} has no replay set with the id "${replay.set.id}"` }]);
  }
  const set = setDto(modelKey, row);
  const issues: FieldIssue[] = [];
  if (replay.set.hash !== set.contentHash) {
    issues.push({
      path: "replay.set.hash",
      message: `is not the hash of replay set "${set.name}" as frozen (${set.contentHash}); replay the set as pulled and send its hash`,
    });
  }
  if (replay.cases > set.itemCount) {
    issues.push({ path: "replay.cases", message: `is ${replay.cases}, but replay set "${set.name}" holds ${set.itemCount} items` });
  }
  if (replay.by_tenant) {
    const inSet = new Map(set.tenants.map((t) => [t.tenant, t.items]));
    let cases = 0;
    let agreeing = 0;
    replay.by_tenant.forEach((t, i) => {
      const items = inSet.get(t.tenant);
      if (items === undefined)
        issues.push({ path: `replay.by_tenant[${i}].tenant`, message: `"${t.tenant}" has no items in replay set "${set.name}"` });
      else if (t.cases > items)
        issues.push({ path: `replay.by_tenant[${i}].cases`, message: `is ${t.cases}, but "${t.tenant}" has ${items} items in the set` });
      cases += t.cases;
      agreeing += t.cases * t.agreement;
    });
    if (cases !== replay.cases) {
      issues.push({ path: "replay.by_tenant", message: `the tenants' cases add up to ${cases}, not to replay.cases (${replay.cases})` });
    } else if (cases > 0 && Math.abs(agreeing / cases - replay.agreement) > TOLERANCE) {
      issues.push({
        path: "replay.by_tenant",
        message: `the tenants' agreement weighted by cases is ${agreeing / cases}, not replay.agreement (${replay.agreement})`,
      });
    }
  }
  if (replay.disagreements && replay.disagreements.length > 0) {
    const ids = [...new Set(replay.disagreements.map((d) => d.request_id))];
    const found = await tx.replaySetItem.findMany({
      where: { setId: set.id, requestId: { in: ids } },
      select: { requestId: true, tenant: true },
    });
    const tenantOf = new Map(found.map((f) => [f.requestId, f.tenant]));
    replay.disagreements.forEach((d, i) => {
      const tenant = tenantOf.get(d.request_id);
      if (tenant === undefined)
        issues.push({
          path: `replay.disagreements[${i}].request_id`,
          message: `"${d.request_id}" is not an item of replay set "${set.name}"`,
        });
      else if (d.tenant !== undefined && d.tenant !== tenant)
        issues.push({ path: `replay.disagreements[${i}].tenant`, message: `is "${d.tenant}", but the item's tenant is "${tenant}"` });
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}
