/** The approval page of one version; the queue, the review page and the specs agree on it. */
export function approvalHref(model: string, version: string): string {
  return `/approvals/${encodeURIComponent(model)}/${encodeURIComponent(version)}`;
}

/** A model's release page (steps, split, rollback), where an approved version's rollout runs. */
export function releasePageHref(model: string): string {
  return `/models/${encodeURIComponent(model)}/release`;
}
