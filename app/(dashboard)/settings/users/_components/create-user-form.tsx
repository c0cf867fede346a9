"use client";
import { useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { createUserAction } from "@/lib/auth/actions";
import { PASSWORD_RULE } from "@/lib/auth/password-rule";
import { ErrorAlert, formMessage, issuesByField, SelectField, TextField } from "../../_components/fields";

export type RoleOption = { role: string; description: string };

export function CreateUserForm({ roles }: { roles: RoleOption[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string | null>(null);
  const [role, setRole] = useState("viewer");

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    startTransition(async () => {
      const result = await createUserAction(form);
      if (!result.ok) {
        setFields(issuesByField(result.error.issues));
        setError(formMessage(result.error, ["name", "email", "role", "password"]));
        setCreated(null);
        return;
      }
      setFields({});
      setError(null);
      setCreated(`${result.data.name} (${result.data.email}) can now sign in as ${result.data.role}.`);
      formRef.current?.reset();
      setRole("viewer");
    });
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <ErrorAlert title="The user was not created" message={error} onDismiss={() => setError(null)} />
      {created && (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900">
          {created}
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <TextField label="Name" name="name" autoComplete="off" required error={fields.name} />
        <TextField label="Email" name="email" type="email" autoComplete="off" required error={fields.email} />
        <SelectField
          label="Role"
          name="role"
          value={role}
          onChange={(e) => setRole(e.target.value)}
          hint={roles.find((r) => r.role === role)?.description}
          error={fields.role}
        >
          {roles.map((r) => (
            <option key={r.role} value={r.role}>
              {r.role}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={`At least ${PASSWORD_RULE.min} characters.`}
          error={fields.password}
        />
      </div>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Adding…" : "Add user"}
        </Button>
      </div>
    </form>
  );
}
