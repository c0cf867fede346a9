import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { requirePageUser } from "@/lib/auth/session";
import { listTokens } from "@/lib/auth/tokens-service";
import { listUsers } from "@/lib/auth/users-service";
import { db } from "@/lib/db";
import { AuditKeySection } from "../_components/audit-key-section";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requirePageUser("settings:read");
  const [users, tokens] = await Promise.all([listUsers(db()), listTokens(db())]);
  const activeUsers = users.filter((u) => !u.disabledAt);
  const admins = activeUsers.filter((u) => u.role === "admin").length;
  const activeTokens = tokens.filter((t) => t.status === "active").length;
  const auditKey = auditSigningKey();

  const sections = [
    {
      href: "/settings/users",
      title: "Users",
      description: "Who can sign in, and what their role lets them do: add people, change roles, disable accounts, reset passwords.",
      stat: `${activeUsers.length} active user${activeUsers.length === 1 ? "" : "s"} · ${admins} admin${admins === 1 ? "" : "s"}`,
    },
    {
      href: "/settings/tokens",
      title: "API tokens",
      description: "Scoped tokens for CI jobs, inference services and automation. Shown once, stored only as a hash.",
      stat: `${activeTokens} active token${activeTokens === 1 ? "" : "s"}`,
    },
  ];

  return (
    <>
      <PageHeader title="Settings" description="Manage who can use Rollgate and how machines talk to it." />
      <ul className="grid gap-4 md:grid-cols-2">
        {sections.map((s) => (
          <li key={s.href}>
            <Link
              href={s.href}
              className="block h-full rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-500 hover:shadow focus-visible:outline-2 focus-visible:outline-brand-600"
            >
              <h2 className="text-base font-semibold text-slate-900">{s.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{s.description}</p>
              <p className="mt-3 text-sm font-medium text-brand-700">{s.stat}</p>
            </Link>
          </li>
        ))}
      </ul>
      <AuditKeySection auditKey={auditKey && { keyId: auditKey.keyId, publicKeyPem: auditKey.publicKeyPem }} />
    </>
  );
}
