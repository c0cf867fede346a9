import { AppShell, type NavItem } from "@/components/layout/app-shell";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { countWaiting } from "@/lib/lifecycle/approval-queries";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  const waiting = await countWaiting(db());
  const nav: NavItem[] = [
    { href: "/models", label: "Models" },
    // everyone who reads models sees the queue; only approvers and admins can decide on it
    { href: "/approvals", label: "Approvals", count: waiting, countLabel: `${waiting} waiting for a decision` },
    { href: "/audit", label: "Audit" },
    ...(roleCan(user.role, "settings:read") ? [{ href: "/settings", label: "Settings" }] : []),
  ];
  return (
    <AppShell user={user} nav={nav}>
      {children}
    </AppShell>
  );
}
