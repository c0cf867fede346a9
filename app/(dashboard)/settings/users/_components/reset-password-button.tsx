"use client";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { resetPasswordAction } from "@/lib/auth/actions";
import { PASSWORD_RULE } from "@/lib/auth/password-rule";
import type { UserRow } from "@/lib/auth/users-service";
import { Dialog } from "../../_components/dialog";
import { ErrorAlert, formMessage, issuesByField, TextField } from "../../_components/fields";

type Report = (n: { kind: "ok"; message: string }) => void;

export function ResetPasswordButton({ user, report }: { user: UserRow; report: Report }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const close = () => {
    setOpen(false);
    setError(null);
    setFields({});
  };

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setFields({ confirm: "The passwords do not match." });
      return;
    }
    startTransition(async () => {
      const result = await resetPasswordAction({ userId: user.id, password });
      if (!result.ok) {
        setFields(issuesByField(result.error.issues));
        setError(formMessage(result.error, ["password"]));
        return;
      }
      close();
      report({ kind: "ok", message: `The password of ${user.email} was reset. Give it to them through a channel you trust.` });
    });
  }

  return (
    <>
      <Button size="sm" type="button" variant="ghost" onClick={() => setOpen(true)} aria-label={`Reset password of ${user.email}`}>
        Reset password
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title={`Reset the password of ${user.name}`}
        description={`${user.email} signs in with the new password from now on; a sign-in lock on the account is lifted.`}
      >
        <form onSubmit={onSubmit} noValidate className="space-y-3">
          <ErrorAlert title="The password was not reset" message={error} />
          <TextField
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint={`At least ${PASSWORD_RULE.min} characters.`}
            error={fields.password}
          />
          <TextField label="Confirm new password" name="confirm" type="password" autoComplete="new-password" required error={fields.confirm} />
          <div className="flex justify-end gap-2 pt-1">
            <Button type="button" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" disabled={pending}>
              {pending ? "Resetting…" : "Reset password"}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
