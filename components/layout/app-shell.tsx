import Link from "next/link";
import { HeaderMenu } from "./header-menu";
import { NavLinks } from "./nav-links";
import { PreferencesMenu } from "./preferences-menu";
import { SignOutButton } from "./sign-out-button";

export type NavItem = {
  href: string;
  label: string;
  /** needs this user's attention: a filled badge */
  count?: number;
  /** what the count counts, read after the number ("waiting for you") */
  countLabel?: string;
  /** waiting on someone else: an outlined badge next to it */
  otherCount?: number;
  otherCountLabel?: string;
};

/**
 * The signed-in frame: one navigation, and who is signed in with which role.
 *
 * From md up everything sits in the bar, the links on a row of their own until 2xl, where one
 * row holds it all; below md it folds into the menu button, so a phone never scrolls sideways.
 * The display preferences (theme, time zone) sit beside the sign-out buttons on a wide screen
 * and inside the menu on a phone.
 */
export function AppShell({
  user,
  nav,
  children,
}: {
  user: { name: string; email: string; role: string };
  nav: NavItem[];
  children: React.ReactNode;
}) {
  const waiting = nav.some((item) => (item.count ?? 0) > 0);
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus-visible:outline-2 focus-visible:outline-brand-600"
      >
        Skip to content
      </a>
      <header className="relative z-30 border-b border-slate-200 bg-white">
        <div className="mx-auto flex min-h-14 max-w-screen-2xl flex-wrap items-center gap-x-5 px-4 sm:px-6 2xl:flex-nowrap">
          <Link href="/" className="flex h-14 items-center gap-2 rounded-md font-semibold text-slate-900">
            <span aria-hidden className="inline-block h-5 w-5 rounded bg-brand-600" />
            Rollgate
          </Link>
          <HeaderMenu attention={waiting}>
            <nav
              aria-label="Main"
              className="md:order-last md:-mx-2 md:w-full md:pb-1.5 2xl:order-none 2xl:mx-0 2xl:w-auto 2xl:flex-1 2xl:pb-0"
            >
              <NavLinks items={nav} />
            </nav>
            {/* on-call pastes a request id from a bug report from wherever they are */}
            <form method="get" action="/predictions" role="search" aria-label="Prediction lookup" className="md:ml-auto 2xl:ml-0">
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
                className="h-9 w-full rounded-md border border-slate-300 px-2 font-mono text-sm focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-500 md:h-7 md:w-40 md:text-xs md:focus:w-56"
              />
            </form>
            <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-3 text-sm md:flex-nowrap md:border-0 md:pt-0 md:whitespace-nowrap">
              <div className="min-w-0 leading-tight md:text-right">
                <div className="font-medium text-slate-800" data-testid="current-user">
                  {user.name}
                </div>
                <div className="text-xs text-slate-500">
                  <span className="break-all md:hidden lg:inline">{user.email} · </span>
                  <span data-testid="current-role">{user.role}</span>
                </div>
              </div>
              <div className="flex items-center gap-3">
                {/* display preferences (theme, time zone), beside sign-out */}
                <div data-slot="preferences" className="flex items-center">
                  <PreferencesMenu />
                </div>
                <SignOutButton />
              </div>
            </div>
          </HeaderMenu>
        </div>
      </header>
      {/* tabIndex: the skip link moves keyboard focus here, not just the scroll position */}
      <main id="main" tabIndex={-1} className="mx-auto max-w-screen-2xl px-4 py-6 focus:outline-none sm:px-6">
        {children}
      </main>
    </div>
  );
}
