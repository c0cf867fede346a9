import type { ReactNode } from "react";

/**
 * The body of the 404 and error pages: a status code, an h1 that says what happened, what
 * to do about it, and the ways out (links or a retry button).
 */
export function StatusPage({ code, title, children, actions }: { code: string; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex min-h-[60vh] items-center justify-center px-4 py-16">
      <div className="max-w-lg text-center">
        <p className="text-sm font-semibold tracking-wide text-brand-600 dark:text-brand-700">{code}</p>
        <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {children && <div className="mt-3 text-base text-slate-600">{children}</div>}
        {actions && <div className="mt-8 flex flex-wrap items-center justify-center gap-3">{actions}</div>}
      </div>
    </div>
  );
}
