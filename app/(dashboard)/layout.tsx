import { AppShell, type NavItem } from "@/components/layout/app-shell";
import { DatabaseUnreachable } from "@/components/layout/database-unreachable";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { isDatabaseUnreachable } from "@/lib/database/unreachable";
import { db } from "@/lib/db";
import { countWaitingFor } from "@/lib/lifecycle/whose-turn";
import { listIncidents } from "@/lib/rollout/incidents";

export const dynamic = "force-dynamic";

// Every signed-in page reads the database here first (the session's user row), so an outage
// shows up here: the page says the database is unreachable instead of failing with a 500.
// Redirects (sign-in, forbidden) and other errors pass through.
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  try {
    return await renderShell(children);
  } catch (e) {
    if (isDatabaseUnreachable(e)) return <DatabaseUnreachable />;
    throw e;
  }
}

async function renderShell(children: React.ReactNode) {
  const user = await requirePageUser();
  const waiting = await countWaitingFor(db(), user);
  // open incidents are few (each is a rollback on-call has not closed yet); a count query in lib/rollout would do better
  const openIncidents = (await listIncidents(db(), { status: "open", limit: 200 })).length;
  const nav: NavItem[] = [
    { href: "/models", label: "Models" },
    // the badge counts what this user can act on; the rest of the queue is a quieter second number
    {
      href: "/approvals",
      label: "Approvals",
      count: waiting.forYou,
      countLabel: "waiting for you",
      otherCount: waiting.forOthers,
      otherCountLabel: "waiting for others",
    },
    { href: "/releases", label: "Releases" },
    { href: "/incidents", label: "Incidents", count: openIncidents, countLabel: "open" },
    { href: "/predictions", label: "Predictions" },
    { href: "/audit", label: "Audit" },
    ...(roleCan(user.role, "settings:read") ? [{ href: "/settings", label: "Settings" }] : []),
  ];
  return (
    <AppShell user={user} nav={nav}>
      {children}
    </AppShell>
  );
}
