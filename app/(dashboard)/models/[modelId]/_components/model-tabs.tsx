import Link from "next/link";
import { modelHref } from "@/components/registry/hrefs";
import { releaseHref } from "@/components/release/hrefs";
import { cx } from "@/components/ui/cx";

export type ModelTab = "versions" | "release" | "metrics" | "tenants" | "drift" | "reviewers" | "settings";

export function modelSettingsHref(model: string): string {
  return `${modelHref(model)}/settings`;
}

/**
 * The model's sections as links (each tab is its own URL, so it can be linked and reloaded).
 * Settings is listed only for those who may edit the policy; everyone else reads the policy
 * on the Versions tab.
 */
export function ModelTabs({ model, active, showSettings }: { model: string; active: ModelTab; showSettings: boolean }) {
  const tabs: { id: ModelTab; label: string; href: string }[] = [
    { id: "versions", label: "Versions", href: modelHref(model) },
    { id: "release", label: "Release", href: releaseHref(model) },
    { id: "metrics", label: "Metrics", href: `${modelHref(model)}/metrics` },
    { id: "tenants", label: "Tenants", href: `${modelHref(model)}/tenants` },
    { id: "drift", label: "Drift", href: `${modelHref(model)}/drift` },
    { id: "reviewers", label: "Reviewers", href: `${modelHref(model)}/reviewers` },
    ...(showSettings ? [{ id: "settings" as const, label: "Settings", href: modelSettingsHref(model) }] : []),
  ];
  return (
    // a phone scrolls the tabs sideways inside the bar, not the page
    <nav aria-label="Model sections" className="mb-6 overflow-x-auto border-b border-slate-200">
      <ul className="-mb-px flex gap-4 pt-0.5 text-sm whitespace-nowrap sm:gap-6">
        {tabs.map((tab) => (
          <li key={tab.id}>
            <Link
              href={tab.href}
              aria-current={tab.id === active ? "page" : undefined}
              className={cx(
                "inline-block rounded-t-sm border-b-2 px-1 pb-2.5 font-medium focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600",
                tab.id === active
                  ? "border-brand-600 text-brand-700"
                  : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
              )}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
