"use client";
import { useId, type ComponentProps, type ReactNode } from "react";
import { cx } from "./cx";

/** `lg` sits beside the auth pages' h-10 submit button, `md` beside the h-9 `Button`. */
export type FieldSize = "md" | "lg";

const HEIGHTS: Record<FieldSize | "multiline", string> = { md: "h-9", lg: "h-10", multiline: "py-2" };

type FieldProps = {
  label: string;
  hint?: ReactNode;
  error?: string;
  size?: FieldSize | "multiline";
  /** on the wrapper, so grids can place the whole field */
  className?: string;
};

type ControlProps = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  className: string;
};

/** Label, control and the hint or error below it; the control is wired to them by id. */
function Field({ label, hint, error, size = "md", className, control }: FieldProps & { control: (props: ControlProps) => ReactNode }) {
  const id = useId();
  // the error replaces the hint, so only what is on screen is referenced
  const showHint = !error && !!hint;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {control({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": cx(showHint && `${id}-hint`, error && `${id}-error`) || undefined,
        className: cx(
          "mt-1 block w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:outline-2 focus:outline-offset-0",
          HEIGHTS[size],
          error ? "border-red-400 focus:outline-red-500" : "border-slate-300 focus:outline-brand-500",
        ),
      })}
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

/**
 * A labelled multi-line text, wired like TextField: reasons, notes and review comments are
 * sentences or paragraphs, not one-liners.
 */
export function TextAreaField({
  label,
  hint,
  error,
  className,
  rows = 3,
  ...textarea
}: Omit<FieldProps, "size"> & Omit<ComponentProps<"textarea">, "className">) {
  return (
    <Field {...{ label, hint, error, className }} size="multiline" control={(props) => <textarea {...props} rows={rows} {...textarea} />} />
  );
}

// `size` is taken by FieldSize; the HTML attribute (width in characters) is not used
type SingleLineProps = Omit<FieldProps, "size"> & { size?: FieldSize };

export type TextFieldProps = SingleLineProps & Omit<ComponentProps<"input">, "size" | "className">;

/** A labelled input with its hint and error, wired for screen readers (aria-describedby). */
export function TextField({ label, hint, error, size, className, ...input }: TextFieldProps) {
  return <Field {...{ label, hint, error, size, className }} control={(props) => <input {...props} {...input} />} />;
}

/** A labelled select with its hint and error, wired like TextField. */
export function SelectField({
  label,
  hint,
  error,
  size,
  className,
  children,
  ...select
}: SingleLineProps & { children: ReactNode } & Omit<ComponentProps<"select">, "size" | "className">) {
  return (
    <Field
      {...{ label, hint, error, size, className }}
      control={(props) => (
        <select {...props} className={cx(props.className, "pr-8")} {...select}>
          {children}
        </select>
      )}
    />
  );
}

/**
 * A form or table error: an alert with an accessible name, so tests and screen readers tell it
 * apart from Next's route announcer (also role="alert").
 */
export function FormError({ title, message, onDismiss }: { title: string; message: string | null; onDismiss?: () => void }) {
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
        <button
          type="button"
          onClick={onDismiss}
          className="rounded-sm text-xs font-medium text-red-800 underline hover:no-underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600"
        >
          Dismiss
        </button>
      )}
    </div>
  );
}
