"use client";
import { useId, type ComponentProps } from "react";

/** A labelled input with its hint and error, wired for screen readers (aria-describedby). */
export function TextField({
  label,
  hint,
  error,
  ...input
}: { label: string; hint?: string; error?: string } & ComponentProps<"input">) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`mt-1 block h-10 w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0 ${
          error ? "border-red-400 focus:outline-red-500" : "border-slate-300 focus:outline-brand-500"
        }`}
        {...input}
      />
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** The form-level error: an alert with a name, so tests and screen readers tell it from Next's route announcer. */
export function FormError({ title, message }: { title: string; message: string | null }) {
  const id = useId();
  if (!message) return null;
  return (
    <div role="alert" aria-labelledby={id} className="rounded-md border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-900">
      <p id={id} className="font-semibold">
        {title}
      </p>
      <p className="mt-0.5">{message}</p>
    </div>
  );
}

export function SubmitButton({ pending, children, pendingText }: { pending: boolean; children: string; pendingText: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="inline-flex h-10 w-full items-center justify-center rounded-md bg-brand-600 px-4 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60"
    >
      {pending ? pendingText : children}
    </button>
  );
}

/** Field issues from a zod error or an action result, keyed by the first segment of their path. */
export function issuesByField(issues: ReadonlyArray<{ path: string | ReadonlyArray<PropertyKey>; message: string }> | undefined) {
  const out: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const key = typeof issue.path === "string" ? issue.path.split(/[.[]/)[0] ?? "" : String(issue.path[0] ?? "");
    out[key] ??= issue.message;
  }
  return out;
}
