import type { ReactNode } from "react";
import { cx } from "./cx";

/**
 * A white panel. With a `title` it becomes a labelled <section> with an h2 (pages have one
 * h1 in the PageHeader), so screen readers and Playwright can find it by heading.
 * `flush` drops the body padding for tables and lists that run edge to edge.
 */
export function Card({
  title,
  description,
  actions,
  flush = false,
  id,
  className,
  children,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  flush?: boolean;
  id?: string;
  className?: string;
  children: ReactNode;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section
      id={id}
      aria-labelledby={headingId}
      className={cx("overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm", className)}
    >
      {(title || actions) && (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-3.5">
          <div className="min-w-0">
            {title && (
              <h2 id={headingId} className="text-base font-semibold text-slate-900">
                {title}
              </h2>
            )}
            {description && <p className="mt-0.5 text-sm text-slate-500">{description}</p>}
          </div>
          {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={flush ? undefined : "px-5 py-4"}>{children}</div>
    </section>
  );
}
