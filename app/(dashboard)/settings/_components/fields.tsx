"use client";
import { useId, type ComponentProps, type ReactNode } from "react";

const control =
  "mt-1 block h-9 w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0";
const controlTone = (error?: string) => (error ? "border-red-400 focus:outline-red-500" : "border-slate-300 focus:outline-brand-500");

function Help({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
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
    </>
  );
}

const describedBy = (id: string, hint?: ReactNode, error?: string) =>
  [hint && !error && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;

/** A labelled input with its hint and error (aria-describedby), for the settings forms. */
export function TextField({
  label,
  hint,
  error,
  className,
  ...input
}: { label: string; hint?: ReactNode; error?: string } & ComponentProps<"input">) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={`${control} ${controlTone(error)}`}
        {...input}
      />
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({
  label,
  hint,
  error,
  className,
  children,
  ...select
}: { label: string; hint?: ReactNode; error?: string; children: ReactNode } & ComponentProps<"select">) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={`${control} ${controlTone(error)} pr-8`}
        {...select}
      >
        {children}
      </select>
      <Help id={id} hint={hint} error={error} />
    </div>
  );
}

/** A form or table error: an alert with an accessible name, so it is told apart from Next's route announcer. */
export function ErrorAlert({ title, message, onDismiss }: { title: string; message: string | null; onDismiss?: () => void }) {
  const id = useId();
  if (!message) return null;
  return (
    <div
      role="alert"
      aria-labelledby={id}
      className="flex items-start justify-between gap-3 rounded-md border border-red-200 bg-red-50 px-3 py-2.5 text-sm text-red-900"
    >
      <div>
        <p id={id} className="font-semibold">
          {title}
        </p>
        <p className="mt-0.5">{message}</p>
      </div>
      {onDismiss && (
        <button type="button" onClick={onDismiss} className="text-xs font-medium text-red-800 underline hover:no-underline">
          Dismiss
        </button>
      )}
    </div>
  );
}

/**
 * The form-level message for a failed action: when every issue belongs to a field the form
 * shows, the fields carry the detail and the alert only points at them.
 */
export function formMessage(
  error: { message: string; issues?: ReadonlyArray<{ path: string }> },
  shownFields: readonly string[],
): string {
  const issues = error.issues ?? [];
  if (issues.length && issues.every((i) => shownFields.includes(i.path.split(/[.[]/)[0] ?? ""))) {
    return issues.length === 1 ? "Check the highlighted field." : "Check the highlighted fields.";
  }
  return error.message;
}

/** Field issues from an action result, keyed by the first segment of their path. */
export function issuesByField(issues: ReadonlyArray<{ path: string; message: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues ?? []) {
    const key = issue.path.split(/[.[]/)[0] ?? "";
    out[key] ??= issue.message;
  }
  return out;
}
