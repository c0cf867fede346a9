/** URLs of the registry pages, in one place so links and redirects agree. */
export function modelHref(model: string): string {
  return `/models/${encodeURIComponent(model)}`;
}

export function versionHref(model: string, version: string): string {
  return `${modelHref(model)}/versions/${encodeURIComponent(version)}`;
}

/** The diff page; with no versions it opens on its defaults (latest vs PROD or parent). */
export function diffHref(model: string, versions: { from?: string; to?: string } = {}): string {
  const query = new URLSearchParams();
  if (versions.from) query.set("from", versions.from);
  if (versions.to) query.set("to", versions.to);
  const qs = query.toString();
  return `${modelHref(model)}/diff${qs ? `?${qs}` : ""}`;
}
