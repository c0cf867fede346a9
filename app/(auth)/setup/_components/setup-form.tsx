"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { FormError, TextField } from "@/components/ui/field";
import { issuesByField } from "@/components/ui/form-issues";
import { NewPasswordField } from "@/components/ui/password-field";
import { setupInput } from "@/lib/auth/schemas";
import { setupFirstAdminAction } from "@/lib/auth/setup-action";
import { SubmitButton, useCheckedSubmit } from "../../_components/submit";

export function SetupForm() {
  const router = useRouter();
  const { error, fields, pending, submit } = useCheckedSubmit();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    };
    // the action gets the input as typed: it parses it again, and that parse is the one that counts
    await submit(
      setupInput.safeParse(input),
      async () => {
        const result = await setupFirstAdminAction(input);
        if (!result.ok) {
          return {
            fields: issuesByField(result.error.issues),
            // field problems show under their fields; the alert carries the rest (e.g. setup already done)
            message: result.error.issues?.length ? "Check the highlighted fields." : result.error.message,
          };
        }
        const res = await signIn("credentials", { email: result.data.email, password: input.password, redirect: false });
        if (!res?.ok || res.error) {
          // the account exists; signing in by hand is the way forward
          router.replace("/sign-in");
          return;
        }
        router.replace("/");
        router.refresh();
      },
      "Rollgate could not be reached. Check that the server is running and try again.",
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      <FormError title="The account was not created" message={error} />
      <TextField label="Name" name="name" autoComplete="name" required autoFocus size="lg" error={fields.name} />
      <TextField label="Email" name="email" type="email" autoComplete="username" required size="lg" error={fields.email} />
      <NewPasswordField label="Password" size="lg" error={fields.password} />
      <TextField
        label="Confirm password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        size="lg"
        error={fields.confirmPassword}
      />
      <SubmitButton pending={pending} pendingText="Creating account…">
        Create admin account
      </SubmitButton>
    </form>
  );
}
