import Link from "next/link";
import { NavLinks } from "./nav-links";
import { PreferencesMenu } from "./preferences-menu";
import { SignOutButton } from "./sign-out-button";

export type NavItem = { href: string; label: string; count?: number; countLabel?: string };

// The signed-in frame: one navigation, and who is signed in with which role.
export function AppShell({
  user,
  nav,
  children,
}: {
  user: { name: string; email: string; role: string };
  nav: NavItem[];
  children: React.ReactNode;
}) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-6 px-4 sm:px-6">
          <Link href="/models" className="flex items-center gap-2 font-semibold text-slate-900">
            <span aria-hidden className="inline-block h-5 w-5 rounded bg-brand-600" />
            Rollgate
          </Link>
          <nav aria-label="Main" className="flex-1">
            <NavLinks items={nav} />
          </nav>
          {/* on-call pastes a request id from a bug report from wherever they are */}
          <form method="get" action="/predictions" role="search" aria-label="Prediction lookup" className="hidden md:block">
            <label htmlFor="topbar-request-id" className="sr-only">
              Search predictions
            </label>
            <input
              id="topbar-request-id"
              name="id"
              type="search"
              required
              maxLength={200}
              placeholder="Find a request id…"
              className="w-40 rounded-md border border-slate-300 px-2 py-1 font-mono text-xs focus:w-56"
            />
          </form>
          <div className="flex shrink-0 items-center gap-3 whitespace-nowrap text-sm">
            <div className="text-right leading-tight">
              <div className="font-medium text-slate-800" data-testid="current-user">{user.name}</div>
              <div className="text-xs text-slate-500">
                {user.email} · <span data-testid="current-role">{user.role}</span>
              </div>
            </div>
            <PreferencesMenu />
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-screen-2xl px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}
