/** A replay set as the API, the CLI and the pages show it: metadata, never the items. Client-safe. */

export type ReplaySetDto = {
  id: string;
  model: string;
  name: string;
  /** the window the items were drawn from: from inclusive, to exclusive */
  from: string;
  to: string;
  requested: number;
  stratify: "tenant" | "none";
  /** items when frozen */
  itemCount: number;
  tenants: { tenant: string; items: number }[];
  /** SHA-256 (hex) of the set's JSONL as frozen */
  contentHash: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  /** items removed by tenant erasures since: the JSONL served then no longer matches contentHash */
  erased: { count: number; at: string } | null;
};

export type ReplaySetRow = {
  id: string;
  name: string;
  fromTs: Date;
  toTs: Date;
  requested: number;
  stratify: string;
  itemCount: number;
  tenants: unknown;
  contentHash: string;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  erasedCount: number;
  erasedAt: Date | null;
};

function tenantsOf(v: unknown): { tenant: string; items: number }[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((t) =>
    typeof t === "object" && t !== null && typeof (t as { tenant?: unknown }).tenant === "string"
      ? [{ tenant: (t as { tenant: string }).tenant, items: Number((t as { items?: unknown }).items) || 0 }]
      : [],
  );
}

export function setDto(modelKey: string, r: ReplaySetRow): ReplaySetDto {
  return {
    id: r.id,
    model: modelKey,
    name: r.name,
    from: r.fromTs.toISOString(),
    to: r.toTs.toISOString(),
    requested: r.requested,
    stratify: r.stratify === "none" ? "none" : "tenant",
    itemCount: r.itemCount,
    tenants: tenantsOf(r.tenants),
    contentHash: r.contentHash,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    erased: r.erasedCount > 0 && r.erasedAt ? { count: r.erasedCount, at: r.erasedAt.toISOString() } : null,
  };
}

/** What a reader of a set with erasures is told: its lines no longer add up to the frozen hash. */
export function erasureNote(dto: Pick<ReplaySetDto, "erased" | "itemCount">): string | null {
  if (!dto.erased) return null;
  return (
    `${dto.erased.count} of ${dto.itemCount} items were erased on ${dto.erased.at.slice(0, 10)} (tenant data-subject requests); ` +
    "the items served no longer match contentHash"
  );
}
