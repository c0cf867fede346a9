import Link from "next/link";
import { cx } from "./cx";

export type FilterLink = { key: string; label: React.ReactNode; href: string; current: boolean };

/** Which part of a list is shown, as links (the choice lives in the URL): a segmented control. */
export function FilterLinks({ label, links, className }: { label: string; links: FilterLink[]; className?: string }) {
  return (
    <nav
      aria-label={label}
      className={cx("inline-flex flex-wrap rounded-md border border-slate-200 bg-white p-0.5 text-sm shadow-sm", className)}
    >
      {links.map((l) => (
        <Link
          key={l.key}
          href={l.href}
          aria-current={l.current ? "page" : undefined}
          className={cx("rounded px-3 py-1 font-medium", l.current ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:text-slate-900")}
        >
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
