import type { ReactNode } from "react";
import { CodeBlock } from "./code-block";
import { cx } from "./cx";

/**
 * What a page or table shows when there is nothing yet. `children` says what to do next;
 * `code` shows a copyable command (e.g. registering from CI); `action` is a button or link.
 * The title is an h2 so it is findable by role.
 */
export function EmptyState({
  title,
  children,
  action,
  code,
  codeTitle,
  icon,
  className,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  code?: string;
  codeTitle?: string;
  icon?: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cx(
        "flex flex-col items-center rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center",
        className,
      )}
    >
      <div aria-hidden className="mb-3 flex h-10 w-10 items-center justify-center rounded-full bg-slate-100 text-slate-500">
        {icon ?? (
          <svg viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.5">
            <rect x="3" y="4" width="14" height="12" rx="2" />
            <path d="M3 8h14" />
          </svg>
        )}
      </div>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children && <div className="mt-1.5 max-w-xl text-sm text-slate-600">{children}</div>}
      {code && <CodeBlock code={code} title={codeTitle} className="mt-5 w-full max-w-2xl text-left" />}
      {action && <div className="mt-5 flex flex-wrap justify-center gap-2">{action}</div>}
    </div>
  );
}
