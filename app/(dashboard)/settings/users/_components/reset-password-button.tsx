"use client";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { NewPasswordField } from "@/components/ui/password-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { resetPasswordAction } from "@/lib/auth/actions";
import type { UserRow } from "@/lib/auth/users-service";
import { Dialog } from "@/components/ui/dialog";

type Report = (n: { kind: "ok"; message: string }) => void;

export function ResetPasswordButton({ user, report }: { user: UserRow; report: Report }) {
  const [open, setOpen] = useState(false);
  const { pending, error, fields, setError, setFields, run } = useActionForm(["password"]);

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
    run(
      () => resetPasswordAction({ userId: user.id, password }),
      () => {
        close();
        report({ kind: "ok", message: `The password of ${user.email} was reset. Give it to them through a channel you trust.` });
      },
    );
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
          <FormError title="The password was not reset" message={error} />
          <NewPasswordField label="New password" error={fields.password} />
          <TextField
            label="Confirm new password"
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            error={fields.confirm}
          />
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
