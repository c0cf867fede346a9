"use client";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { suggestTeamKey } from "@/lib/teams/schemas";
import { createTeamAction } from "@/lib/teams/actions";

/** Name → suggested key (editable until the admin types their own). */
export function CreateTeamForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const { pending, error, fields, setError, run } = useActionForm(["key", "name", "description"]);
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyEdited, setKeyEdited] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    run(
      () => createTeamAction(form),
      (team) => {
        setCreated(`Team ${team.name} (${team.key}) created. Add its members below it in the list.`);
        formRef.current?.reset();
        setName("");
        setKey("");
        setKeyEdited(false);
      },
      () => setCreated(null),
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Create a team">
      <FormError title="The team was not created" message={error} onDismiss={() => setError(null)} />
      {created && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
          {created}
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          autoComplete="off"
          required
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            if (!keyEdited) setKey(suggestTeamKey(e.target.value));
          }}
          error={fields.name}
        />
        <TextField
          label="Key"
          name="key"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setKeyEdited(true);
          }}
          hint="What approval rules (team:<key>) and the SSO group map name. It cannot be changed later."
          error={fields.key}
        />
        <TextField
          label="Description (optional)"
          name="description"
          autoComplete="off"
          error={fields.description}
          className="md:col-span-2"
        />
      </div>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Creating…" : "Create team"}
        </Button>
      </div>
    </form>
  );
}
