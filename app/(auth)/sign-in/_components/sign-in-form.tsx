"use client";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { FormError, TextField } from "@/components/ui/field";
import { signInInput } from "@/lib/auth/schemas";
import { SubmitButton, useCheckedSubmit } from "../../_components/submit";

/** `compact`: below the single sign-on button, as the second way in. */
export function SignInForm({
  callbackUrl,
  initialError,
  compact = false,
}: {
  callbackUrl: string;
  initialError: string | null;
  compact?: boolean;
}) {
  const router = useRouter();
  const { error, fields, pending, submit } = useCheckedSubmit(initialError);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    await submit(
      signInInput.safeParse({ email: form.get("email"), password: form.get("password") }),
      async (credentials) => {
        const res = await signIn("credentials", { ...credentials, redirect: false, callbackUrl });
        if (!res?.ok || res.error) {
          // authorize() throws the user-facing reason (wrong password, locked out, disabled)
          return {
            message: !res?.error || res.error === "CredentialsSignin" ? "That email and password do not match an account." : res.error,
          };
        }
        router.replace(callbackUrl);
        router.refresh();
      },
      "Rollgate could not be reached. Check your connection and try again.",
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className={compact ? "mt-4 space-y-4" : "mt-6 space-y-4"}>
      <FormError title="Sign-in failed" message={error} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        autoFocus={!compact}
        size="lg"
        error={fields.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        size="lg"
        error={fields.password}
      />
      <SubmitButton pending={pending} pendingText="Signing in…" secondary={compact}>
        Sign in
      </SubmitButton>
      <p className="text-xs text-slate-500">Forgot your password? An admin can reset it in Settings → Users.</p>
    </form>
  );
}
