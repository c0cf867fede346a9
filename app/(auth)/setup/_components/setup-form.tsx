"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { PASSWORD_RULE } from "@/lib/auth/password-rule";
import { setupInput } from "@/lib/auth/schemas";
import { setupFirstAdminAction } from "@/lib/auth/setup-action";
import { FormError, issuesByField, SubmitButton, TextField } from "../../_components/form-parts";

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    };
    const parsed = setupInput.safeParse(input);
    if (!parsed.success) {
      setFields(issuesByField(parsed.error.issues));
      setError(null);
      return;
    }
    setFields({});
    setError(null);
    setPending(true);
    try {
      const result = await setupFirstAdminAction(input);
      if (!result.ok) {
        setFields(issuesByField(result.error.issues));
        // field problems show under their fields; the alert carries the rest (e.g. setup already done)
        setError(result.error.issues?.length ? "Check the highlighted fields." : result.error.message);
        setPending(false);
        return;
      }
      const res = await signIn("credentials", { email: result.data.email, password: input.password, redirect: false });
      if (!res?.ok || res.error) {
        // the account exists; signing in by hand is the way forward
        router.replace("/sign-in");
        return;
      }
      router.replace("/models");
      router.refresh();
    } catch {
      setError("Rollgate could not be reached. Check that the server is running and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      <FormError title="The account was not created" message={error} />
      <TextField label="Name" name="name" autoComplete="name" required autoFocus error={fields.name} />
      <TextField label="Email" name="email" type="email" autoComplete="username" required error={fields.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_RULE.min} characters.`}
        error={fields.password}
      />
      <TextField
        label="Confirm password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={fields.confirmPassword}
      />
      <SubmitButton pending={pending} pendingText="Creating account…">
        Create admin account
      </SubmitButton>
    </form>
  );
}
