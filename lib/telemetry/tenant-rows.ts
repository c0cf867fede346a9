/**
 * Sorting the tenant table in the browser. "worst" puts the bad end first for each column
 * (highest error rate, p95, score or drift, lowest quality, most requests); rows without a
 * value (null p95, quality, score or drift) go last either way. No key keeps the server's order
 * (the ranking of tenant-rank.ts).
 */
import type { TenantRow } from "./tenant-table";

export type TenantSortKey = "tenant" | "version" | "requests" | "error_rate" | "p95" | "quality" | "score" | "drift";

const higherIsWorse: Record<TenantSortKey, boolean> = {
  tenant: false,
  version: false,
  requests: true,
  error_rate: true,
  p95: true,
  quality: false,
  score: true,
  drift: true,
};

function valueOf(r: TenantRow, key: TenantSortKey): string | number | null {
  if (key === "score") return r.rank.score;
  if (key === "drift") return r.drift?.psi ?? null;
  return r[key];
}

export function sortTenantRows(rows: readonly TenantRow[], key: TenantSortKey | null, dir: "worst" | "best"): TenantRow[] {
  if (!key) return [...rows];
  const sign = (higherIsWorse[key] ? -1 : 1) * (dir === "worst" ? 1 : -1);
  return [...rows].sort((a, b) => {
    const x = valueOf(a, key);
    const y = valueOf(b, key);
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === "string" ? x.localeCompare(y as string) : x - (y as number);
    return sign * c;
  });
}
