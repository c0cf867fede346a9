import { modelHref } from "@/components/registry/hrefs";

/** URLs of the release and incident pages, in one place so links and redirects agree. */
export function releaseHref(model: string): string {
  return `${modelHref(model)}/release`;
}

export function incidentHref(id: string): string {
  return `/incidents/${encodeURIComponent(id)}`;
}

export function incidentsHref(filter: { model?: string; status?: "open" | "closed" } = {}): string {
  const query = new URLSearchParams();
  if (filter.status) query.set("status", filter.status);
  if (filter.model) query.set("model", filter.model);
  const qs = query.toString();
  return `/incidents${qs ? `?${qs}` : ""}`;
}
