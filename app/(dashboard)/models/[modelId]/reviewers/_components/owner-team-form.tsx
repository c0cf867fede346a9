"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, SelectField } from "@/components/ui/field";
import { setOwnerTeamAction } from "@/lib/lifecycle/reviewer-actions";

/** An admin picks the team that owns the model: its members may edit the reviewers. */
export function OwnerTeamForm({ model, current, teams }: { model: string; current: string; teams: { key: string; name: string }[] }) {
  const [team, setTeam] = useState(current);
  const [error, setError] = useState<string | null>(null);
  const [saving, startTransition] = useTransition();
  const router = useRouter();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    startTransition(async () => {
      const result = await setOwnerTeamAction({ model, team });
      if (!result.ok) {
        setError(result.error.issues?.[0]?.message ?? result.error.message);
        return;
      }
      router.refresh();
    });
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 flex flex-wrap items-end gap-3" aria-label="Owner team">
      <FormError title="The owner was not changed" message={error} onDismiss={() => setError(null)} />
      <SelectField label="Owner team" value={team} onChange={(e) => setTeam(e.target.value)} className="min-w-56">
        <option value="">No owner</option>
        {teams.map((t) => (
          <option key={t.key} value={t.key}>
            {t.name} ({t.key})
          </option>
        ))}
      </SelectField>
      <Button type="submit" variant="secondary" disabled={saving || team === current}>
        {saving ? "Saving…" : "Change owner"}
      </Button>
    </form>
  );
}
