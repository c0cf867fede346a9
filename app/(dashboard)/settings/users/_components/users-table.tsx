"use client";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatDateTime } from "@/lib/time/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable, type Column } from "@/components/ui/data-table";
import { FormError } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { changeRoleAction, setUserDisabledAction } from "@/lib/auth/actions";
import type { UserRow } from "@/lib/auth/users-service";
import type { UserTeam } from "@/lib/teams/queries";
import { Dialog } from "@/components/ui/dialog";
import type { RoleOption } from "./create-user-form";
import { ResetPasswordButton } from "./reset-password-button";

type Notice = { kind: "error"; title: string; message: string } | { kind: "ok"; message: string } | null;

export function UsersTable({
  users,
  currentUserId,
  roles,
  sso,
  teams,
}: {
  users: UserRow[];
  currentUserId: string;
  roles: RoleOption[];
  /** the identity provider's name, when single sign-on is configured */
  sso: string | null;
  /** user id → the teams they are in */
  teams: Record<string, UserTeam[]>;
}) {
  const [notice, setNotice] = useState<Notice>(null);
  const tz = useTimeZoneChoice();
  const report = (n: Notice) => setNotice(n);

  const columns: Column<UserRow>[] = [
    {
      id: "name",
      header: "Name",
      cell: (u) => (
        <span className="flex items-center gap-2 font-medium text-slate-900">
          {u.name}
          {u.id === currentUserId && <Badge tone="brand">You</Badge>}
        </span>
      ),
    },
    { id: "email", header: "Email", cell: (u) => <span className="text-slate-700">{u.email}</span> },
    {
      id: "signIn",
      header: "Sign-in",
      cell: (u) =>
        u.authSource === "password" ? (
          <span className="text-slate-700">Password</span>
        ) : (
          <span className="flex flex-col">
            <span className="whitespace-nowrap text-slate-700">SSO{sso ? ` · ${sso}` : ""}</span>
            <span
              className="text-xs whitespace-nowrap text-slate-500"
              title="Their role and teams are set from their groups at each sign-in"
            >
              role from groups
            </span>
          </span>
        ),
    },
    { id: "teams", header: "Teams", cell: (u) => <UserTeams email={u.email} teams={teams[u.id] ?? []} /> },
    {
      id: "role",
      header: "Role",
      cell: (u) => <RoleSelect user={u} self={u.id === currentUserId} roles={roles} report={report} />,
    },
    {
      id: "status",
      header: "Status",
      cell: (u) =>
        u.disabledAt ? (
          <Badge
            tone="muted"
            title={`Disabled ${formatDateTime(u.disabledAt, tz)}${u.disabledBy === "sso" ? " by single sign-on: no group of theirs grants a role" : ""}`}
          >
            {u.disabledBy === "sso" ? "Disabled (no group)" : "Disabled"}
          </Badge>
        ) : (
          <Badge tone="success" dot>
            Active
          </Badge>
        ),
    },
    {
      id: "lastLogin",
      header: "Last sign-in",
      cell: (u) => (u.lastLoginAt ? <RelativeTime date={u.lastLoginAt} /> : <span className="text-slate-500">Never</span>),
    },
    {
      id: "actions",
      header: "Actions",
      align: "right",
      cell: (u) => (
        <div className="flex justify-end gap-2">
          <ResetPasswordButton user={u} report={report} />
          <DisableButton user={u} self={u.id === currentUserId} report={report} />
        </div>
      ),
    },
  ];

  return (
    <>
      {notice && (
        <div className="border-b border-slate-200 px-4 py-3">
          {notice.kind === "error" ? (
            <FormError title={notice.title} message={notice.message} onDismiss={() => setNotice(null)} />
          ) : (
            <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
              {notice.message}
            </p>
          )}
        </div>
      )}
      <DataTable
        caption="Users"
        columns={columns}
        rows={users}
        rowKey={(u) => u.id}
        rowClassName={(u) => (u.disabledAt ? "opacity-70" : undefined)}
        empty="No users yet. Add one below."
      />
    </>
  );
}

function RoleSelect({ user, self, roles, report }: { user: UserRow; self: boolean; roles: RoleOption[]; report: (n: Notice) => void }) {
  const [pending, startTransition] = useTransition();
  // the role picked in the select, waiting for the admin to confirm it in the dialog
  const [proposed, setProposed] = useState<string | null>(null);
  const describe = (role: string) => roles.find((r) => r.role === role)?.description;
  const confirm = () => {
    const role = proposed;
    if (!role) return;
    startTransition(async () => {
      const result = await changeRoleAction({ userId: user.id, role: role as UserRow["role"] });
      setProposed(null);
      report(
        result.ok
          ? { kind: "ok", message: `${user.email} is now ${result.data.role}.` }
          : { kind: "error", title: `Could not change the role of ${user.email}`, message: result.error.message },
      );
    });
  };
  return (
    <>
      <select
        aria-label={`Role of ${user.email}`}
        value={proposed ?? user.role}
        disabled={pending || self}
        title={self ? "You cannot change your own role; another admin can." : describe(user.role)}
        onChange={(e) => setProposed(e.target.value === user.role ? null : e.target.value)}
        className="h-8 rounded-md border border-slate-300 bg-white pr-7 pl-2 text-sm text-slate-800 shadow-sm focus:outline-2 focus:outline-brand-500 disabled:bg-slate-50 disabled:text-slate-500"
      >
        {roles.map((r) => (
          <option key={r.role} value={r.role}>
            {r.role}
          </option>
        ))}
      </select>
      <Dialog
        open={proposed !== null}
        onClose={() => {
          if (!pending) setProposed(null);
        }}
        title={`Make ${user.name} ${article(proposed ?? "")} ${proposed}?`}
        description={
          <>
            <span className="font-medium text-slate-800">{user.email}</span> changes from <b>{user.role}</b> to <b>{proposed}</b> at their
            next request.{proposed && describe(proposed) ? ` As ${proposed}: ${describe(proposed)}` : ""} The change is recorded in the
            audit trail with your name.
            {user.authSource !== "password" &&
              " They sign in with single sign-on: their next sign-in sets the role from their groups again."}
          </>
        }
      >
        <div className="flex justify-end gap-2">
          <Button type="button" disabled={pending} onClick={() => setProposed(null)}>
            Cancel
          </Button>
          <Button type="button" variant="primary" disabled={pending} onClick={confirm}>
            {pending ? "Changing…" : "Change role"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}

function UserTeams({ email, teams }: { email: string; teams: UserTeam[] }) {
  if (teams.length === 0) return <span className="text-slate-500">None</span>;
  return (
    // one team per line: a long name wraps within its own line when the table is tight
    <ul aria-label={`Teams of ${email}`} className="max-w-40 space-y-1.5 leading-snug">
      {teams.map((t) => (
        <li key={t.key}>
          <Link
            href={`/settings/teams#team-${t.key}`}
            title={`${t.key}${t.source === "sso" ? " · from the identity provider's groups" : ""}`}
            className="text-brand-700 hover:underline"
          >
            {t.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");

function DisableButton({ user, self, report }: { user: UserRow; self: boolean; report: (n: Notice) => void }) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const disabled = user.disabledAt !== null;

  const run = (disable: boolean) =>
    startTransition(async () => {
      const result = await setUserDisabledAction({ userId: user.id, disabled: disable });
      setConfirming(false);
      report(
        result.ok
          ? { kind: "ok", message: `${user.email} is ${disable ? "disabled" : "enabled again"}.` }
          : { kind: "error", title: `Could not ${disable ? "disable" : "enable"} ${user.email}`, message: result.error.message },
      );
    });

  if (disabled) {
    return (
      <Button size="sm" type="button" disabled={pending} onClick={() => run(false)} aria-label={`Enable ${user.email}`}>
        {pending ? "Enabling…" : "Enable"}
      </Button>
    );
  }
  return (
    <>
      <Button
        size="sm"
        type="button"
        disabled={self}
        title={self ? "You cannot disable your own account." : undefined}
        onClick={() => setConfirming(true)}
        aria-label={`Disable ${user.email}`}
      >
        Disable
      </Button>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Disable ${user.name}?`}
        description={
          <>
            <span className="font-medium text-slate-800">{user.email}</span> is signed out at their next request and cannot sign in until an
            admin enables the account again. Their past actions stay in the audit trail.
          </>
        }
      >
        <div className="flex justify-end gap-2">
          <Button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button type="button" variant="danger" disabled={pending} onClick={() => run(true)}>
            {pending ? "Disabling…" : "Disable account"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
