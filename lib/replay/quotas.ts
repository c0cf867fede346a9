/**
 * How many items each tenant gets in a stratified replay set: its share of the window's
 * records, by the largest-remainder method so the quotas add up to the set's size exactly.
 * Every tenant with records gets at least one item when the size allows it, so a small tenant
 * is not replayed away; ties go to the tenant with more records, then by name, so the same
 * window always gives the same quotas. Pure.
 */
import { compareCodePoints } from "../audit/canonical";

export type TenantCount = { tenant: string; records: number };
export type TenantQuota = { tenant: string; items: number };

/** Quotas for `size` items over tenants with `records` each (tenants without records get none). */
export function stratifiedQuotas(counts: readonly TenantCount[], size: number): TenantQuota[] {
  const present = counts.filter((c) => c.records > 0).sort((a, b) => compareCodePoints(a.tenant, b.tenant));
  const total = present.reduce((s, c) => s + c.records, 0);
  if (total === 0 || size <= 0) return [];
  // a set larger than the window takes every record
  if (size >= total) return present.map((c) => ({ tenant: c.tenant, items: c.records }));

  const floor = size >= present.length ? 1 : 0;
  const rows = present.map((c) => {
    const exact = (c.records * size) / total;
    const base = Math.min(c.records, Math.max(floor, Math.floor(exact)));
    return { tenant: c.tenant, records: c.records, exact, items: base };
  });
  let left = size - rows.reduce((s, r) => s + r.items, 0);
  // The floor of one may have overspent: take back from the largest quotas above their floor.
  while (left < 0) {
    const donor = [...rows]
      .filter((r) => r.items > Math.max(floor, 1))
      .sort((a, b) => b.items - b.exact - (a.items - a.exact) || b.items - a.items || compareCodePoints(a.tenant, b.tenant))[0];
    if (!donor) break;
    donor.items -= 1;
    left += 1;
  }
  // Hand out what is left by largest remainder; a tenant never gets more than it has.
  while (left > 0) {
    const next = rows
      .filter((r) => r.items < r.records)
      .sort((a, b) => b.exact - b.items - (a.exact - a.items) || b.records - a.records || compareCodePoints(a.tenant, b.tenant))[0];
    if (!next) break;
    next.items += 1;
    left -= 1;
  }
  return rows.map((r) => ({ tenant: r.tenant, items: r.items }));
}
