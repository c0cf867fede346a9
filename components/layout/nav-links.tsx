"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cx } from "@/components/ui/cx";
import type { NavItem } from "./app-shell";

/** A column of full-width rows in the phone menu, a row of tabs in the bar from md up. */
export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-0.5 text-sm md:flex-row md:flex-wrap md:items-center md:gap-1">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={cx(
                "flex items-center justify-between rounded-md px-3 py-2.5 font-medium whitespace-nowrap md:inline-flex md:py-1.5",
                "focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600",
                active ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
              )}
            >
              {item.label}
              {item.count ? (
                <span
                  title={`${item.count} ${item.countLabel ?? ""}`}
                  className="ml-1.5 rounded-full bg-brand-600 px-1.5 py-0.5 text-[11px] font-semibold tabular-nums text-white"
                >
                  {item.count}
                  {/* the visible number stays in the link's name, so what is read out starts with what is seen */}
                  {item.countLabel && <span className="sr-only"> {item.countLabel}</span>}
                </span>
              ) : null}
              {item.otherCount ? (
                <span
                  title={`${item.otherCount} ${item.otherCountLabel ?? ""}`}
                  className="ml-1 rounded-full border border-slate-300 px-1.5 py-px text-[11px] font-semibold tabular-nums text-slate-600"
                >
                  {item.otherCount}
                  {item.otherCountLabel && <span className="sr-only"> {item.otherCountLabel}</span>}
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
