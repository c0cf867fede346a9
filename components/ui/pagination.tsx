import Link from "next/link";
import { cx } from "./cx";
import { DEFAULT_PAGE_SIZES, hrefWith, pageInfo, pageWindow, type SearchParams } from "./table-params";

const linkBase =
  "inline-flex h-8 min-w-8 items-center justify-center rounded-md px-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-brand-600";

/**
 * "Showing 21–40 of 57 versions", page links and a page-size choice, all as plain links
 * that set `?page=` / `?pageSize=` and keep the other parameters (sort, filters). The page
 * passes the same page/pageSize it used for its query and the total row count.
 */
export function Pagination({
  pathname,
  searchParams,
  page,
  pageSize,
  total,
  pageSizes = DEFAULT_PAGE_SIZES,
  itemLabel = "rows",
  className,
}: {
  pathname: string;
  searchParams: SearchParams;
  page: number;
  pageSize: number;
  total: number;
  pageSizes?: readonly number[];
  /** Plural noun for the count line, e.g. "versions". */
  itemLabel?: string;
  className?: string;
}) {
  const info = pageInfo(page, pageSize, total);
  const smallest = Math.min(...pageSizes);
  const showSizes = total > smallest;
  const href = (p: number) => hrefWith(pathname, searchParams, { page: p === 1 ? undefined : p });

  return (
    <nav
      aria-label="Pagination"
      className={cx("flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm text-slate-600", className)}
    >
      <p aria-live="polite">
        {total === 0 ? (
          `No ${itemLabel}`
        ) : (
          <>
            Showing <span className="font-medium text-slate-900">{info.from}</span>–
            <span className="font-medium text-slate-900">{info.to}</span> of{" "}
            <span className="font-medium text-slate-900">{info.total}</span> {itemLabel}
          </>
        )}
      </p>
      <div className="flex flex-wrap items-center gap-4">
        {showSizes && (
          <div className="flex items-center gap-1" role="group" aria-label="Rows per page">
            <span className="mr-1 text-slate-500">Per page</span>
            {pageSizes.map((size) =>
              size === pageSize ? (
                <span key={size} aria-current="true" className={cx(linkBase, "bg-slate-100 text-slate-900")}>
                  {size}
                </span>
              ) : (
                <Link
                  key={size}
                  href={hrefWith(pathname, searchParams, { pageSize: size, page: undefined })}
                  aria-label={`${size} per page`}
                  className={cx(linkBase, "text-slate-600 hover:bg-slate-100")}
                >
                  {size}
                </Link>
              ),
            )}
          </div>
        )}
        {info.pageCount > 1 && (
          <ul className="flex items-center gap-1">
            <li>
              {info.hasPrev ? (
                <Link href={href(info.page - 1)} rel="prev" className={cx(linkBase, "text-slate-700 hover:bg-slate-100")}>
                  ← Previous
                </Link>
              ) : (
                <span aria-disabled="true" className={cx(linkBase, "text-slate-300")}>
                  ← Previous
                </span>
              )}
            </li>
            {pageWindow(info.page, info.pageCount).map((p, i) =>
              p === "gap" ? (
                <li key={`gap-${i}`} aria-hidden className="px-1 text-slate-500">
                  …
                </li>
              ) : (
                <li key={p}>
                  {p === info.page ? (
                    <span aria-current="page" className={cx(linkBase, "bg-brand-600 text-white")}>
                      {p}
                    </span>
                  ) : (
                    <Link href={href(p)} aria-label={`Page ${p}`} className={cx(linkBase, "text-slate-700 hover:bg-slate-100")}>
                      {p}
                    </Link>
                  )}
                </li>
              ),
            )}
            <li>
              {info.hasNext ? (
                <Link href={href(info.page + 1)} rel="next" className={cx(linkBase, "text-slate-700 hover:bg-slate-100")}>
                  Next →
                </Link>
              ) : (
                <span aria-disabled="true" className={cx(linkBase, "text-slate-300")}>
                  Next →
                </span>
              )}
            </li>
          </ul>
        )}
      </div>
    </nav>
  );
}
