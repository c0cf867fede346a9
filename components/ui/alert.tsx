import type { ReactNode } from "react";
import { cx } from "./cx";

export type AlertTone = "info" | "success" | "warning" | "danger";

const TONES: Record<AlertTone, string> = {
  info: "border-sky-200 bg-sky-50 text-sky-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  danger: "border-red-200 bg-red-50 text-red-900",
};

/**
 * A message box. Only `danger` is announced as role="alert" (an error the user must act on);
 * the others are role="status" so a page that renders with a notice does not interrupt a
 * screen reader — and `getByRole("alert")` finds errors, not tips.
 */
export function Alert({
  tone = "info",
  title,
  actions,
  className,
  children,
}: {
  tone?: AlertTone;
  title?: ReactNode;
  actions?: ReactNode;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div
      role={tone === "danger" ? "alert" : "status"}
      className={cx("flex flex-wrap items-start justify-between gap-3 rounded-lg border px-4 py-3 text-sm", TONES[tone], className)}
    >
      <div className="min-w-0">
        {title && <p className="font-semibold">{title}</p>}
        {children && <div className={title ? "mt-1 opacity-90" : undefined}>{children}</div>}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </div>
  );
}
