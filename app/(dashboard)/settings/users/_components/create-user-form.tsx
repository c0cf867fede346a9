"use client";
import { useRef, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { NewPasswordField } from "@/components/ui/password-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createUserAction } from "@/lib/auth/actions";

export type RoleOption = { role: string; description: string };

export function CreateUserForm({ roles }: { roles: RoleOption[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const { pending, error, fields, setError, run } = useActionForm(["name", "email", "role", "password"]);
  const [created, setCreated] = useState<string | null>(null);
  const [role, setRole] = useState("viewer");

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    run(
      () => createUserAction(form),
      (user) => {
        setCreated(`${user.name} (${user.email}) can now sign in as ${user.role}.`);
        formRef.current?.reset();
        setRole("viewer");
      },
      () => setCreated(null),
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError title="The user was not created" message={error} onDismiss={() => setError(null)} />
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
        <NewPasswordField label="Initial password" error={fields.password} />
      </div>
      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Adding…" : "Add user"}
        </Button>
      </div>
    </form>
  );
}
