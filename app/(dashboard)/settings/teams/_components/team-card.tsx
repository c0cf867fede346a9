"use client";
import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { EditTeamButton } from "./edit-team-button";
import { addTeamMemberAction, deleteTeamAction, removeTeamMemberAction } from "@/lib/teams/actions";

export type TeamView = {
  key: string;
  name: string;
  description: string;
  owns: string[];
  /** models whose approval rules name this team */
  reviews: string[];
  members: { email: string; name: string; role: string; disabled: boolean; source: string }[];
};

/** One team: its models, its members (from SSO or added here), and what an admin can change. */
export function TeamCard({ team, people }: { team: TeamView; people: { email: string; name: string }[] }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [emailError, setEmailError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const [removing, setRemoving] = useState<TeamView["members"][number] | null>(null);
  const [deleting, setDeleting] = useState(false);
  const listId = `people-${team.key}`;

  const memberEmails = new Set(team.members.map((m) => m.email));
  const candidates = people.filter((p) => !memberEmails.has(p.email));

  type Result = { ok: true } | { ok: false; error: { message: string; issues?: { path: string; message: string }[] } };
  const act = (fn: () => Promise<Result>, done: string) =>
    startTransition(async () => {
      const result = await fn();
      setRemoving(null);
      setDeleting(false);
      setNotice(result.ok ? done : null);
      setError(null);
      setEmailError(null);
      if (result.ok) return;
      // an unknown email belongs under the email field; anything else (a refusal) above the members
      const onEmail = result.error.issues?.find((i) => i.path === "email");
      if (onEmail) setEmailError(onEmail.message);
      else setError(result.error.issues?.[0]?.message ?? result.error.message);
    });

  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const who = email.trim();
    act(async () => {
      const r = await addTeamMemberAction({ key: team.key, email: who });
      if (r.ok) setEmail("");
      return r.ok ? { ok: true } : r;
    }, `${who} added to ${team.name}.`);
  }

  return (
    <section id={`team-${team.key}`} aria-label={`Team ${team.name}`} className="scroll-mt-20 px-5 py-4">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="text-base font-semibold text-slate-900">
            {team.name} <code className="ml-1 inline-block font-mono text-xs font-normal text-slate-500">{team.key}</code>
          </h3>
          {team.description && <p className="text-sm text-slate-600">{team.description}</p>}
          <p className="mt-1 text-sm text-slate-600">
            {team.owns.length ? <ModelLinks lead="Owns" models={team.owns} /> : "Owns no model."}
          </p>
          {team.reviews.length > 0 && (
            <p className="mt-0.5 text-sm text-slate-600">
              <ModelLinks lead="Named in the approval rules of" models={team.reviews} />
            </p>
          )}
        </div>
        <span className="flex gap-2">
          <EditTeamButton team={team} />
          <Button type="button" size="sm" variant="secondary" onClick={() => setDeleting(true)}>
            Delete team
          </Button>
        </span>
      </div>
      {error && (
        <div className="mt-3">
          <FormError title={`Could not change ${team.name}`} message={error} onDismiss={() => setError(null)} />
        </div>
      )}
      {notice && (
        <p role="status" className="mt-2 text-sm text-emerald-800">
          {notice}
        </p>
      )}
      <ul
        className="mt-3 max-w-3xl divide-y divide-slate-100 rounded-md border border-slate-200 text-sm"
        aria-label={`Members of ${team.name}`}
      >
        {team.members.length === 0 && <li className="px-3 py-2 text-slate-600">No members yet.</li>}
        {team.members.map((m) => (
          <li key={m.email} className="flex items-center justify-between gap-3 px-3 py-2">
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-medium text-slate-900">{m.name}</span>
                {m.source === "sso" ? (
                  <Badge tone="info" title="From the identity provider's groups: renewed at each sign-in">
                    SSO
                  </Badge>
                ) : null}
                {m.disabled && <Badge tone="muted">Disabled</Badge>}
              </p>
              <p className="break-words text-slate-600">
                {m.email} <span className="text-xs text-slate-500">· {m.role}</span>
              </p>
            </div>
            <Button type="button" size="sm" onClick={() => setRemoving(m)} aria-label={`Remove ${m.email} from ${team.name}`}>
              Remove
            </Button>
          </li>
        ))}
      </ul>
      <form
        onSubmit={onAdd}
        className="mt-3 grid max-w-3xl grid-cols-[minmax(0,1fr)_auto] items-start gap-2"
        aria-label={`Add a member to ${team.name}`}
      >
        <TextField
          label="Add a member (email)"
          type="email"
          list={listId}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="off"
          error={emailError ?? undefined}
        />
        <datalist id={listId}>
          {candidates.map((p) => (
            <option key={p.email} value={p.email}>
              {p.name}
            </option>
          ))}
        </datalist>
        {/* level with the input, below its label, whether or not an error shows under it */}
        <Button type="submit" variant="secondary" disabled={pending || !email.trim()} className="mt-6">
          Add
        </Button>
      </form>
      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.name ?? ""} from ${team.name}?`}
        description={
          removing?.source === "sso"
            ? "This membership comes from the identity provider's groups: it returns at their next sign-in while the group still maps to this team."
            : "Their approvals on this team's rules stop counting for versions still waiting."
        }
      >
        <div className="flex justify-end gap-2">
          <Button type="button" onClick={() => setRemoving(null)}>
            Cancel
          </Button>
          <Button
            type="button"
            variant="danger"
            disabled={pending}
            onClick={() => {
              const m = removing;
              if (m) act(async () => removeTeamMemberAction({ key: team.key, email: m.email }), `${m.email} removed from ${team.name}.`);
            }}
          >
            Remove member
          </Button>
        </div>
      </Dialog>
      <Dialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete team ${team.name}?`}
        description="Refused while it owns a model or a model's approval rules name it. The audit trail keeps its history."
      >
        <div className="flex justify-end gap-2">
          <Button type="button" onClick={() => setDeleting(false)}>
            Cancel
          </Button>
          <Button
            type="button"
            variant="danger"
            disabled={pending}
            onClick={() => act(async () => deleteTeamAction({ key: team.key }), `Team ${team.name} deleted.`)}
          >
            Delete team
          </Button>
        </div>
      </Dialog>
    </section>
  );
}

function ModelLinks({ lead, models }: { lead: string; models: string[] }) {
  return (
    <>
      {lead}{" "}
      {models.map((m, i) => (
        <span key={m}>
          {i > 0 && ", "}
          <Link href={`/models/${encodeURIComponent(m)}/reviewers`} className="font-medium text-brand-700 underline hover:no-underline">
            {m}
          </Link>
        </span>
      ))}
    </>
  );
}
