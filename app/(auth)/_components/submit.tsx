"use client";
import { useState } from "react";
import { issuesByField, type FieldIssues, type Issue } from "@/components/ui/form-issues";

/** What the server turned down: the alert's message, and the issues to show under fields. */
export type Refusal = { message: string; fields?: FieldIssues };

type Checked<T> = { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<Issue> } };

/**
 * The state of the auth forms, which check their input in the browser before sending it (a
 * zod safeParse result) and navigate away when it is accepted.
 */
export function useCheckedSubmit(initialError: string | null = null) {
  const [error, setError] = useState<string | null>(initialError);
  const [fields, setFields] = useState<FieldIssues>({});
  const [pending, setPending] = useState(false);

  /**
   * `send` returns a refusal, or nothing once it has navigated: the form then stays pending so
   * it cannot be sent twice while the next page loads. A throw is taken for an unreachable
   * server, and `unreachable` says so.
   */
  async function submit<T>(checked: Checked<T>, send: (data: T) => Promise<Refusal | undefined>, unreachable: string) {
    if (!checked.success) {
      setFields(issuesByField(checked.error.issues));
      setError(null);
      return;
    }
    setFields({});
    setError(null);
    setPending(true);
    try {
      const refusal = await send(checked.data);
      if (refusal) {
        setFields(refusal.fields ?? {});
        setError(refusal.message);
        setPending(false);
      }
    } catch {
      setError(unreachable);
      setPending(false);
    }
  }

  return { error, fields, pending, submit };
}

/** `secondary`: beside the single sign-on button, which is the page's main way in. */
export function SubmitButton({
  pending,
  children,
  pendingText,
  secondary = false,
}: {
  pending: boolean;
  children: string;
  pendingText: string;
  secondary?: boolean;
}) {
  return (
    <button
      type="submit"
      disabled={pending}
      className={`inline-flex h-10 w-full items-center justify-center rounded-md px-4 text-sm font-semibold shadow-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60 ${
        secondary
          ? "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50"
          : "bg-brand-600 text-white hover:bg-brand-700 dark:hover:bg-brand-500"
      }`}
    >
      {pending ? pendingText : children}
    </button>
  );
}
