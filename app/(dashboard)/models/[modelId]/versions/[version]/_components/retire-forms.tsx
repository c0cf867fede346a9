"use client";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { archiveVersionAction, deprecateVersionAction } from "@/lib/lifecycle/version-actions";

/**
 * Deprecate (a date and a required reason) and archive (final) for operators and admins. A
 * form the server would refuse is shown disabled with the server's own reason; the server
 * checks again in its transaction, and a refusal it returns is shown on the form.
 */
export function RetireForms({
  model,
  version,
  today,
  deprecateRefusal,
  archiveRefusal,
}: {
  model: string;
  version: string;
  /** YYYY-MM-DD (UTC), the date field's default */
  today: string;
  deprecateRefusal: string | null;
  archiveRefusal: string | null;
}) {
  return (
    <div className="divide-y divide-slate-100">
      <DeprecateForm model={model} version={version} today={today} refusal={deprecateRefusal} />
      <ArchiveForm model={model} version={version} refusal={archiveRefusal} />
    </div>
  );
}

function Done({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
      {message}
    </p>
  );
}

function Blocked({ id, reason }: { id: string; reason: string | null }) {
  if (!reason) return null;
  return (
    <p id={id} className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700">
      {capitalise(reason)}
    </p>
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function DeprecateForm({ model, version, today, refusal }: { model: string; version: string; today: string; refusal: string | null }) {
  const { pending, error, fields, setError, run } = useActionForm(["at", "reason"]);
  const [done, setDone] = useState<string | null>(null);
  const blockedId = `${useId()}-blocked`;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    run(
      () => deprecateVersionAction({ model, version, at: String(form.get("at") ?? ""), reason: String(form.get("reason") ?? "") }),
      (r) => setDone(`${r.version} is deprecated${r.deprecatesAt ? `; support ends ${r.deprecatesAt.slice(0, 10)}` : ""}.`),
      () => setDone(null),
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Deprecate this version" className="space-y-3 px-5 py-4">
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Deprecate</h3>
        <p className="mt-0.5 text-sm text-slate-600">
          Marks the version deprecated now and announces the date its support ends. Everyone who opens it sees the reason.
        </p>
      </div>
      <FormError title="The version was not deprecated" message={error} onDismiss={() => setError(null)} />
      <Done message={done} />
      <Blocked id={blockedId} reason={refusal} />
      <fieldset disabled={refusal !== null} className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-[12rem_minmax(0,1fr)]">
          <TextField label="Support ends on" name="at" type="date" defaultValue={today} required error={fields.at} />
          <TextField label="Reason" name="reason" required maxLength={1000} hint="Why, and what to use instead." error={fields.reason} />
        </div>
        <div className="flex justify-end">
          <Button type="submit" variant="danger" disabled={pending} aria-describedby={refusal ? blockedId : undefined}>
            {pending ? "Deprecating…" : "Deprecate version"}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}

function ArchiveForm({ model, version, refusal }: { model: string; version: string; refusal: string | null }) {
  const { pending, error, fields, setError, run } = useActionForm(["reason"]);
  const [done, setDone] = useState<string | null>(null);
  const blockedId = `${useId()}-blocked`;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    run(
      () => archiveVersionAction({ model, version, reason: String(form.get("reason") ?? "") }),
      (r) => setDone(`${r.version} is archived. Archiving is final.`),
      () => setDone(null),
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Archive this version" className="space-y-3 px-5 py-4">
      <div>
        <h3 className="text-sm font-semibold text-slate-900">Archive</h3>
        <p className="mt-0.5 text-sm text-slate-600">
          Final: the version stays on record (manifest, evaluations, audit) but can never be evaluated, promoted or restored.
        </p>
      </div>
      <FormError title="The version was not archived" message={error} onDismiss={() => setError(null)} />
      <Done message={done} />
      <Blocked id={blockedId} reason={refusal} />
      <fieldset disabled={refusal !== null} className="space-y-3">
        <TextField label="Reason for archiving" name="reason" maxLength={1000} hint="Recorded in the audit trail." error={fields.reason} />
        <div className="flex justify-end">
          <Button type="submit" variant="danger" disabled={pending} aria-describedby={refusal ? blockedId : undefined}>
            {pending ? "Archiving…" : "Archive version"}
          </Button>
        </div>
      </fieldset>
    </form>
  );
}
