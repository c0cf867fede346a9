/**
 * URL state for server-side sorted, paginated tables: `?sort=&dir=&page=&pageSize=`.
 * Pure functions so pages (which parse) and <DataTable>/<Pagination> (which build links)
 * agree, and so the rules are unit-tested:
 * - Changing the sort or the page size goes back to page 1 (the old page number points at
 *   different rows now); every other parameter (filters) is kept.
 * - Unknown or malformed values fall back to defaults instead of erroring: URLs get shared,
 *   edited by hand and outlive column renames.
 */

/** What a Next.js page receives (after awaiting `searchParams`). */
export type SearchParams = Record<string, string | string[] | undefined>;

export type SortDir = "asc" | "desc";
export type SortState<K extends string = string> = { sort: K; dir: SortDir };

/** The first value of a query parameter, or undefined. */
export function firstParam(params: SearchParams, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `?sort=&dir=` restricted to `allowed` keys; anything else gives `fallback`. */
export function parseSort<K extends string>(params: SearchParams, allowed: readonly K[], fallback: SortState<K>): SortState<K> {
  const sort = firstParam(params, "sort");
  const dir = firstParam(params, "dir");
  const key = allowed.find((k) => k === sort);
  if (!key) return fallback;
  return { sort: key, dir: dir === "asc" || dir === "desc" ? dir : fallback.dir };
}

export const DEFAULT_PAGE_SIZES = [20, 50, 100] as const;

/** `?page=&pageSize=`: page is a whole number ≥ 1, pageSize one of `sizes`. */
export function parsePagination(
  params: SearchParams,
  { defaultPageSize = 20, sizes = DEFAULT_PAGE_SIZES }: { defaultPageSize?: number; sizes?: readonly number[] } = {},
): { page: number; pageSize: number } {
  const rawPage = Number(firstParam(params, "page"));
  const page = Number.isInteger(rawPage) && rawPage >= 1 ? rawPage : 1;
  const rawSize = Number(firstParam(params, "pageSize"));
  const pageSize = sizes.includes(rawSize) ? rawSize : defaultPageSize;
  return { page, pageSize };
}

/** `pathname?query` with `changes` applied (undefined deletes a parameter); other params kept. */
export function hrefWith(pathname: string, params: SearchParams, changes: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (name in changes || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) query.append(name, v);
  }
  for (const [name, value] of Object.entries(changes)) {
    if (value !== undefined) query.set(name, String(value));
  }
  const qs = query.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

/**
 * The link behind a sortable column header: the active column flips its direction, another
 * column starts at its own first direction (`firstDir`: dates and counts read best newest /
 * largest first, names A→Z). Always back to page 1.
 */
export function sortHref(pathname: string, params: SearchParams, current: SortState, key: string, firstDir: SortDir = "asc"): string {
  const dir: SortDir = current.sort === key ? (current.dir === "asc" ? "desc" : "asc") : firstDir;
  return hrefWith(pathname, params, { sort: key, dir, page: undefined });
}

/** The `aria-sort` of a column header. */
export function ariaSort(current: SortState, key: string): "ascending" | "descending" | "none" {
  if (current.sort !== key) return "none";
  return current.dir === "asc" ? "ascending" : "descending";
}

export type PageInfo = {
  /** The requested page, clamped to 1..pageCount. */
  page: number;
  pageSize: number;
  total: number;
  /** At least 1, so an empty table still reads "page 1 of 1". */
  pageCount: number;
  /** 1-based positions of the first and last row shown; both 0 when there are no rows. */
  from: number;
  to: number;
  hasPrev: boolean;
  hasNext: boolean;
};

export function pageInfo(page: number, pageSize: number, total: number): PageInfo {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const p = Math.min(Math.max(1, Math.floor(page)), pageCount);
  const from = total === 0 ? 0 : (p - 1) * pageSize + 1;
  const to = Math.min(total, p * pageSize);
  return { page: p, pageSize, total, pageCount, from, to, hasPrev: p > 1, hasNext: p < pageCount };
}

/**
 * Page numbers to show as links: always the first and last, the current page with
 * `radius` neighbours, and "gap" where numbers are skipped. A gap never hides a single page
 * (showing "4" costs the same as "…").
 */
export function pageWindow(page: number, pageCount: number, radius = 1): (number | "gap")[] {
  const shown = new Set<number>([1, pageCount]);
  for (let p = page - radius; p <= page + radius; p++) if (p >= 1 && p <= pageCount) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  let previous = 0;
  for (const p of sorted) {
    if (p - previous === 2) out.push(p - 1);
    else if (p - previous > 2) out.push("gap");
    out.push(p);
    previous = p;
  }
  return out;
}
