import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users-service";
import { db } from "@/lib/db";
import { listTeams } from "@/lib/teams/queries";
import { CreateTeamForm } from "./_components/create-team-form";
import { TeamCard } from "./_components/team-card";

export const metadata: Metadata = { title: "Teams" };
export const dynamic = "force-dynamic";

export default async function TeamsPage() {
  await requirePageUser("users:manage");
  const [teams, users] = await Promise.all([listTeams(db()), listUsers(db())]);
  const people = users.filter((u) => !u.disabledAt).map((u) => ({ email: u.email, name: u.name }));
  return (
    <>
      <PageHeader
        title="Teams"
        breadcrumbs={[{ label: "Settings", href: "/settings" }, { label: "Teams" }]}
        description="Groups of people. A team owns models (its members may change who approves them) and can be named in a model's approval rules. With single sign-on, memberships also come from the identity provider's groups."
      />
      <div className="space-y-6">
        {teams.length === 0 ? (
          <EmptyState title="No teams yet">
            <p>
              A team owns models and can be named in their approval rules (<code className="font-mono text-[13px]">team:&lt;key&gt;</code>
              ), so the gate names who may approve. Create one below, then add its members; with single sign-on, the identity
              provider&apos;s groups can fill it too.
            </p>
          </EmptyState>
        ) : (
          <Card id="teams" title="Teams" description={`${teams.length} team${teams.length === 1 ? "" : "s"}`} flush>
            <div className="divide-y divide-slate-200">
              {teams.map((t) => (
                <TeamCard
                  key={t.key}
                  team={{
                    key: t.key,
                    name: t.name,
                    description: t.description,
                    owns: t.owns,
                    reviews: t.reviews,
                    members: t.members.map((m) => ({ email: m.email, name: m.name, role: m.role, disabled: m.disabled, source: m.source })),
                  }}
                  people={people}
                />
              ))}
            </div>
          </Card>
        )}
        <Card id="add-team" title="Create a team">
          <CreateTeamForm />
        </Card>
      </div>
    </>
  );
}
