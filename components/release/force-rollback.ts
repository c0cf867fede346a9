/**
 * What a force rollback to a chosen earlier version would do, in the words of the confirm dialog
 * (the service's `describeRollback` covers the plain rollback; a forced one names its target).
 * Pure; the service decides what is allowed and refuses anything else.
 */
export type ForceRollbackInput = {
  stable: { version: string } | null;
  candidate: { version: string } | null;
  /** a candidate is ramping, paused or shadowing */
  running: boolean;
};

export function describeForceRollback(r: ForceRollbackInput, target: string): string {
  const stopping: string[] = [];
  if (r.running && r.candidate && r.candidate.version !== target) stopping.push(`${r.candidate.version} (candidate)`);
  if (r.stable && r.stable.version !== target) stopping.push(r.stable.version);
  const stops = stopping.length === 0 ? "" : `; ${stopping.join(" and ")} ${stopping.length === 1 ? "stops" : "stop"} serving`;
  const candidate =
    r.running && r.candidate && r.candidate.version !== target
      ? ` ${r.candidate.version} is not rejected: it goes back to STAGING, and rolling it out again needs a new approval.`
      : "";
  return `Traffic goes back to ${target}, which becomes the stable version${stops}. Nothing is kept warm as a rollback target afterwards.${candidate}`;
}
