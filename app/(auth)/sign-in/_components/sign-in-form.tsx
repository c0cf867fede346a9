"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { signInInput } from "@/lib/auth/schemas";
import { FormError, issuesByField, SubmitButton, TextField } from "../../_components/form-parts";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const parsed = signInInput.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setFields(issuesByField(parsed.error.issues));
      setError(null);
      return;
    }
    setFields({});
    setError(null);
    setPending(true);
    try {
      const res = await signIn("credentials", { ...parsed.data, redirect: false, callbackUrl });
      if (!res?.ok || res.error) {
        // authorize() throws the user-facing reason (wrong password, locked out, disabled)
        setError(!res?.error || res.error === "CredentialsSignin" ? "That email and password do not match an account." : res.error);
        setPending(false);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("Rollgate could not be reached. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4">
      <FormError title="Sign-in failed" message={error} />
      <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus error={fields.email} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={fields.password} />
      <SubmitButton pending={pending} pendingText="Signing in…">
        Sign in
      </SubmitButton>
      <p className="text-xs text-slate-500">Forgot your password? An admin can reset it in Settings → Users.</p>
    </form>
  );
}
