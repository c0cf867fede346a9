"use client";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createTokenAction } from "@/lib/auth/actions";
import { NewTokenPanel } from "./new-token-panel";

export type ScopeOption = { scope: string; description: string };

export function CreateTokenForm({ scopes }: { scopes: ScopeOption[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const { pending, error, fields, setError, run } = useActionForm(["name", "scopes", "expiresInDays"]);
  const [created, setCreated] = useState<{ name: string; scopes: string[]; secret: string } | null>(null);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    run(
      () => createTokenAction(form),
      ({ token, secret }) => {
        setCreated({ name: token.name, scopes: token.scopes, secret });
        formRef.current?.reset();
      },
    );
  }

  return (
    <div className="space-y-5">
      {created && <NewTokenPanel {...created} onDone={() => setCreated(null)} />}
      <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError title="The token was not created" message={error} onDismiss={() => setError(null)} />
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            label="Token name"
            name="name"
            autoComplete="off"
            placeholder="ci-deploy"
            required
            hint="Name it after what uses it, so you know what breaks when you revoke it."
            error={fields.name}
          />
          <TextField
            label="Expires after (days)"
            name="expiresInDays"
            type="number"
            min={1}
            inputMode="numeric"
            placeholder="Never"
            hint="Leave empty for a token that does not expire."
            error={fields.expiresInDays}
          />
        </div>
        <fieldset aria-describedby={fields.scopes ? "token-scopes-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Scopes</legend>
          <ul className="mt-2 grid gap-2 md:grid-cols-2">
            {scopes.map((s) => (
              <li key={s.scope}>
                <label className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 px-3 py-2.5 hover:bg-slate-50 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                  <input
                    type="checkbox"
                    name="scopes"
                    value={s.scope}
                    aria-describedby={`scope-${s.scope}-description`}
                    className="mt-0.5 h-4 w-4 accent-brand-600"
                  />
                  <span>
                    <span className="block font-mono text-sm font-medium text-slate-900">{s.scope}</span>
                    <span id={`scope-${s.scope}-description`} className="block text-xs text-slate-600">
                      {s.description}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {fields.scopes && (
            <p id="token-scopes-error" className="mt-1 text-xs text-red-700">
              {fields.scopes}
            </p>
          )}
        </fieldset>
        <div className="flex justify-end">
          <Button type="submit" variant="primary" disabled={pending}>
            {pending ? "Creating…" : "Create token"}
          </Button>
        </div>
      </form>
    </div>
  );
}
