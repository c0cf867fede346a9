"use client";
import { useId, type ComponentProps } from "react";
import { cx } from "@/components/ui/cx";

/**
 * A labelled multi-line text with its hint or error, wired like components/ui/field.tsx's
 * TextField (aria-invalid, aria-describedby): reasons and notes are sentences, not one-liners.
 */
export function ReasonField({
  label,
  hint,
  error,
  className,
  rows = 3,
  ...textarea
}: { label: string; hint?: string; error?: string; className?: string } & Omit<ComponentProps<"textarea">, "className">) {
  const id = useId();
  const showHint = !error && !!hint;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={cx(showHint && `${id}-hint`, error && `${id}-error`) || undefined}
        className={cx(
          "mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0",
          error ? "border-red-400 focus:outline-red-500" : "border-slate-300 focus:outline-brand-500",
        )}
        {...textarea}
      />
      {showHint && (
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
