"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ReasonField } from "@/components/release/reason-field";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { addIncidentNoteAction, closeIncidentAction, updateIncidentAction } from "@/lib/rollout/actions";

// On-call's forms on an open incident (release:operate). Each sends one action, shows a refusal
// on the form in the server's words, and refreshes the page when accepted; the service audits
// every change in the transaction that writes it.

const text = (form: HTMLFormElement, name: string) => String(new FormData(form).get(name) ?? "");

export function NoteForm({ incidentId }: { incidentId: string }) {
  const router = useRouter();
  const note = useActionForm(["body"]);
  const [formKey, setFormKey] = useState(0);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const body = text(e.currentTarget, "body");
    note.run(
      () => addIncidentNoteAction({ incidentId, body }),
      () => {
        setFormKey((k) => k + 1);
        router.refresh();
      },
    );
  }

  return (
    <form key={formKey} onSubmit={submit} noValidate aria-label="Add a note" className="space-y-3">
      <FormError title="The note was not added" message={note.error} onDismiss={() => note.setError(null)} />
      <ReasonField
        label="Note"
        name="body"
        maxLength={4000}
        placeholder="What you saw, what you tried, who you paged"
        error={note.fields.body}
      />
      <Button type="submit" variant="secondary" disabled={note.pending}>
        {note.pending ? "Adding…" : "Add note"}
      </Button>
    </form>
  );
}

export function CauseForm({ incidentId, rootCause, prevention }: { incidentId: string; rootCause: string; prevention: string }) {
  const router = useRouter();
  const update = useActionForm(["rootCause", "prevention"]);
  const [saved, setSaved] = useState(false);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = { incidentId, rootCause: text(e.currentTarget, "rootCause"), prevention: text(e.currentTarget, "prevention") };
    setSaved(false);
    update.run(
      () => updateIncidentAction(input),
      () => {
        setSaved(true);
        router.refresh();
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Root cause and prevention" className="space-y-3">
      <FormError title="The incident was not updated" message={update.error} onDismiss={() => update.setError(null)} />
      <ReasonField
        label="Root cause"
        name="rootCause"
        maxLength={4000}
        defaultValue={rootCause}
        hint="Needed before the incident can be closed."
        error={update.fields.rootCause}
      />
      <ReasonField
        label="Prevention task"
        name="prevention"
        maxLength={4000}
        rows={2}
        defaultValue={prevention}
        placeholder="e.g. OPS-1234: add a schema check to the canary gate"
        error={update.fields.prevention}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={update.pending}>
          {update.pending ? "Saving…" : "Save"}
        </Button>
        {saved && !update.pending && (
          <span role="status" className="text-sm text-emerald-700">
            Saved
          </span>
        )}
      </div>
    </form>
  );
}

export function CloseForm({ incidentId, hasRootCause }: { incidentId: string; hasRootCause: boolean }) {
  const router = useRouter();
  const close = useActionForm(["comment"]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const comment = text(e.currentTarget, "comment");
    close.run(
      () => closeIncidentAction({ incidentId, comment }),
      () => router.refresh(),
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Close the incident" className="space-y-3">
      <FormError title="The incident was not closed" message={close.error} onDismiss={() => close.setError(null)} />
      {!hasRootCause && <p className="text-sm text-amber-800">Record the root cause first: an incident closes with one.</p>}
      <ReasonField
        label="Closing comment (optional)"
        name="comment"
        maxLength={4000}
        rows={2}
        error={close.fields.comment}
        disabled={!hasRootCause}
      />
      <Button type="submit" variant="primary" disabled={close.pending || !hasRootCause}>
        {close.pending ? "Closing…" : "Close incident"}
      </Button>
    </form>
  );
}
