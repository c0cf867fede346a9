"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "./app-shell";

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex items-center gap-1 text-sm">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 font-medium ${active ? "bg-slate-100 text-slate-900" : "text-slate-600 hover:bg-slate-50 hover:text-slate-900"}`}
            >
              {item.label}
              {item.count ? (
                <span
                  aria-label={item.countLabel}
                  title={item.countLabel}
                  className="ml-1.5 rounded-full bg-brand-600 px-1.5 py-0.5 text-[11px] font-semibold tabular-nums text-white"
                >
                  {item.count}
                </span>
              ) : null}
              {item.otherCount ? (
                <span
                  aria-label={item.otherCountLabel}
                  title={item.otherCountLabel}
                  className="ml-1 rounded-full border border-slate-300 px-1.5 py-px text-[11px] font-semibold tabular-nums text-slate-600"
                >
                  {item.otherCount}
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
