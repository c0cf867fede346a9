import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_DESCRIPTIONS, ROLES } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users-service";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { CreateUserForm } from "./_components/create-user-form";
import { UsersTable } from "./_components/users-table";
import { listTeams } from "@/lib/teams/queries";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const me = await requirePageUser("users:manage");
  const [users, teamList] = await Promise.all([listUsers(db()), listTeams(db())]);
  const teams: Record<string, string[]> = {};
  for (const t of teamList) for (const m of t.members) (teams[m.userId] ??= []).push(t.name);
  const roles = ROLES.map((role) => ({ role, description: ROLE_DESCRIPTIONS[role] }));
  const sso = env().oidc?.name ?? null;
  return (
    <>
      <PageHeader
        title="Users"
        breadcrumbs={[{ label: "Settings", href: "/settings" }, { label: "Users" }]}
        description={`Everyone who can sign in to Rollgate. Roles apply at once, on the user's next request; disabling an account signs it out.${
          sso ? ` People who sign in with ${sso} get their role and teams from their ${sso} groups at every sign-in.` : ""
        }`}
      />
      <div className="space-y-6">
        <Card id="users" title="People" description={`${users.length} account${users.length === 1 ? "" : "s"}`} flush>
          <UsersTable users={users} currentUserId={me.id} roles={roles} sso={sso} teams={teams} />
        </Card>
        <Card id="add-user" title="Add a user" description="They sign in with this email and password; ask them to keep the password safe.">
          <CreateUserForm roles={roles} />
        </Card>
      </div>
    </>
  );
}
