/**
 * Sorting the tenant table in the browser. "worst" puts the bad end first for each column
 * (highest error rate or p95, lowest quality, most requests); rows without a value (null p95
 * or quality) go last either way. No key keeps the server's order (worst first overall).
 */
import type { TenantRow } from "./queries";

export type TenantSortKey = "tenant" | "version" | "requests" | "error_rate" | "p95" | "quality";

const higherIsWorse: Record<TenantSortKey, boolean> = { tenant: false, version: false, requests: true, error_rate: true, p95: true, quality: false };

export function sortTenantRows(rows: readonly TenantRow[], key: TenantSortKey | null, dir: "worst" | "best"): TenantRow[] {
  if (!key) return [...rows];
  const sign = (higherIsWorse[key] ? -1 : 1) * (dir === "worst" ? 1 : -1);
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null && y === null) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === "string" ? x.localeCompare(y as string) : x - (y as number);
    return sign * c;
  });
}
