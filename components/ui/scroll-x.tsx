import type { ReactNode } from "react";
import { cx } from "./cx";

/**
 * A wide table scrolls sideways inside its card instead of widening the page (a phone is 390 px).
 * With a `label` it is a named, focusable region, so a keyboard can scroll a table that has no
 * links or buttons of its own.
 */
export function ScrollX({ label, className, children }: { label?: string; className?: string; children: ReactNode }) {
  const region = label ? { role: "region", "aria-label": label, tabIndex: 0 } : {};
  return (
    <div className={cx("overflow-x-auto", className)} {...region}>
      {children}
    </div>
  );
}
