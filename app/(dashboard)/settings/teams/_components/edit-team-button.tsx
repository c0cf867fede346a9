"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateTeamAction } from "@/lib/teams/actions";

/** Renames a team or changes its description; the key stays (rules and the group map name it). */
export function EditTeamButton({ team }: { team: { key: string; name: string; description: string } }) {
  const [open, setOpen] = useState(false);
  const { pending, error, fields, setError, run } = useActionForm(["name", "description"]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    form.set("key", team.key);
    run(
      () => updateTeamAction(form),
      () => setOpen(false),
    );
  }

  return (
    <>
      <Button type="button" size="sm" variant="secondary" onClick={() => setOpen(true)}>
        Edit
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Edit team ${team.name}`} size="lg">
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <FormError title="The team was not changed" message={error} onDismiss={() => setError(null)} />
          <TextField label="Name" name="name" defaultValue={team.name} autoComplete="off" required error={fields.name} />
          <TextField label="Description" name="description" defaultValue={team.description} autoComplete="off" error={fields.description} />
          <p className="text-xs text-slate-500">
            The key <code className="font-mono">{team.key}</code> stays: approval rules and the single sign-on group map name it.
          </p>
          <div className="flex justify-end gap-2">
            <Button type="button" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={pending}>
              {pending ? "Saving…" : "Save team"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
