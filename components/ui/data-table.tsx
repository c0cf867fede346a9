import Link from "next/link";
import type { ReactNode } from "react";
import { cx } from "./cx";
import { ariaSort, sortHref, type SearchParams, type SortDir, type SortState } from "./table-params";

export type Column<Row> = {
  /** Unique per table; also the React key of the column. */
  id: string;
  /** Header text: the column's accessible name (`getByRole("columnheader", { name })`). */
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Makes the header a link that sets `?sort=<sortKey>&dir=`; the page does the sorting. */
  sortKey?: string;
  /** Direction on the first click (default "asc"; use "desc" for dates and counts). */
  firstDir?: SortDir;
  align?: "left" | "right";
  /** Classes for the column's cells, e.g. a width or `max-w-xs truncate`. */
  className?: string;
  headerClassName?: string;
};

/**
 * A table rendered on the server with sorting driven by the URL: sortable headers are links
 * that keep every other query parameter (filters) and go back to page 1, and carry
 * `aria-sort`. Rows arrive already sorted and paginated by the page's query; pair with
 * <Pagination>. Works in Server Components (column `cell` functions never cross to the client).
 *
 * `pathname` and `searchParams` are needed only when a column is sortable.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  caption,
  sort,
  pathname = "",
  searchParams = {},
  empty,
  rowClassName,
  className,
}: {
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Read by screen readers; names the table (`getByRole("table", { name })`). */
  caption?: string;
  sort?: SortState;
  pathname?: string;
  searchParams?: SearchParams;
  /** Shown in place of the body when there are no rows. */
  empty?: ReactNode;
  rowClassName?: (row: Row) => string | undefined;
  className?: string;
}) {
  return (
    <div className={cx("relative overflow-x-auto", className)}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50">
          <tr>
            {columns.map((col) => {
              const sortable = col.sortKey !== undefined && sort !== undefined;
              const state = sortable ? ariaSort(sort, col.sortKey!) : undefined;
              return (
                <th
                  key={col.id}
                  scope="col"
                  aria-sort={state}
                  className={cx(
                    "px-3 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase sm:px-4",
                    col.align === "right" ? "text-right" : "text-left",
                    col.headerClassName,
                  )}
                >
                  {sortable ? (
                    <Link
                      href={sortHref(pathname, searchParams, sort, col.sortKey!, col.firstDir)}
                      className={cx(
                        "group inline-flex items-center gap-1 rounded hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
                        state !== "none" && "text-slate-900",
                      )}
                    >
                      {col.header}
                      <SortIcon state={state ?? "none"} />
                    </Link>
                  ) : (
                    col.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {rows.length === 0 && empty !== undefined ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-10 text-center text-sm text-slate-500 sm:px-4">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} className={cx("hover:bg-slate-50/70", rowClassName?.(row))}>
                {columns.map((col) => (
                  <td
                    key={col.id}
                    className={cx(
                      "px-3 py-2.5 align-middle text-slate-700 sm:px-4",
                      col.align === "right" && "text-right tabular-nums",
                      col.className,
                    )}
                  >
                    {col.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function SortIcon({ state }: { state: "ascending" | "descending" | "none" }) {
  return (
    <svg
      aria-hidden
      viewBox="0 0 12 12"
      className={cx("h-3 w-3", state === "none" ? "text-slate-300 group-hover:text-slate-500" : "text-brand-600 dark:text-brand-700")}
      fill="currentColor"
    >
      {state !== "descending" && <path d="M6 1.5 9 5H3z" />}
      {state !== "ascending" && <path d="M6 10.5 3 7h6z" />}
    </svg>
  );
}
