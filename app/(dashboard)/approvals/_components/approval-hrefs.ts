/** The approval page of one version; the queue, the review page and the specs agree on it. */
export function approvalHref(model: string, version: string): string {
  return `/approvals/${encodeURIComponent(model)}/${encodeURIComponent(version)}`;
}
