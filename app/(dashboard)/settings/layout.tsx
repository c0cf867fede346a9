import { requirePageUser } from "@/lib/auth/session";
import { SettingsNav } from "./_components/settings-nav";

export const dynamic = "force-dynamic";

// Admins only: a viewer who opens any settings URL lands on /forbidden. Each page checks its
// own permission too, because a layout is not re-run on every navigation between its pages.
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requirePageUser("settings:read");
  return (
    <div className="flex flex-col gap-6 lg:flex-row">
      <aside className="shrink-0 lg:w-48">
        <p className="mb-2 hidden px-3 text-xs font-semibold tracking-wide text-slate-500 uppercase lg:block">Settings</p>
        <SettingsNav />
      </aside>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
