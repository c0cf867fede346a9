import Link from "next/link";
import { Button } from "@/components/ui/button";

export type AuditFilterValues = { model?: string; actor?: string; action?: string; from?: string; to?: string };

export type AuditFilterChoices = {
  models: string[];
  actors: { type: string; label: string }[];
  actions: string[];
  actionPrefixes: string[];
};

const fieldClass =
  "mt-1 block h-9 w-full rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30";

/**
 * The filters as a plain GET form: the URL is the state, so a filtered view can be shared,
 * bookmarked and exported as it is. Sort order and page size ride along; the page goes back
 * to 1. Values the dropdowns do not list (typed into the URL) are kept as options.
 */
export function AuditFilters({
  values,
  choices,
  keep,
  errors,
}: {
  values: AuditFilterValues;
  choices: AuditFilterChoices;
  /** other query parameters to carry over (sort, dir, pageSize) */
  keep: Record<string, string>;
  /** field → message, for filters the server could not read */
  errors: Record<string, string>;
}) {
  const withCurrent = (list: string[], current?: string) => (current && !list.includes(current) ? [current, ...list] : list);
  const models = withCurrent(choices.models, values.model);
  const actorLabels = choices.actors.map((a) => a.label);
  // a prefix arrives normalised ("version." for version.* as well)
  const prefixSelected = values.action?.endsWith(".") ?? false;
  const prefixes = withCurrent(choices.actionPrefixes, prefixSelected ? values.action : undefined);
  const actions = withCurrent(choices.actions, prefixSelected ? undefined : values.action);
  const active = Object.values(values).some(Boolean);

  return (
    <form
      method="get"
      action="/audit"
      role="search"
      aria-label="Filter the audit trail"
      className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
    >
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Field label="Model" name="model" error={errors.model}>
        <select
          id="filter-model"
          name="model"
          defaultValue={values.model ?? ""}
          className={fieldClass}
          aria-invalid={!!errors.model}
          aria-describedby={errors.model ? "filter-model-error" : undefined}
        >
          <option value="">All models</option>
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Actor" name="actor" error={errors.actor}>
        <select
          id="filter-actor"
          name="actor"
          defaultValue={values.actor ?? ""}
          className={fieldClass}
          aria-invalid={!!errors.actor}
          aria-describedby={errors.actor ? "filter-actor-error" : undefined}
        >
          <option value="">Everyone</option>
          {values.actor && !actorLabels.includes(values.actor) && <option value={values.actor}>{values.actor}</option>}
          {choices.actors.map((a) => (
            <option key={`${a.type}:${a.label}`} value={a.label}>
              {a.label} ({a.type})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Action" name="action" error={errors.action}>
        <select
          id="filter-action"
          name="action"
          defaultValue={values.action ?? ""}
          className={fieldClass}
          aria-invalid={!!errors.action}
          aria-describedby={errors.action ? "filter-action-error" : undefined}
        >
          <option value="">All actions</option>
          {prefixes.length > 0 && (
            <optgroup label="Every action starting with">
              {prefixes.map((p) => (
                <option key={p} value={p}>
                  {p}*
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label="Exactly">
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </optgroup>
        </select>
      </Field>
      <Field label="From" name="from" error={errors.from} hint="UTC day, inclusive">
        <input
          id="filter-from"
          name="from"
          type={isDateOrEmpty(values.from) ? "date" : "text"}
          defaultValue={values.from ?? ""}
          className={fieldClass}
          aria-invalid={!!errors.from}
          aria-describedby={errors.from ? "filter-from-error" : undefined}
        />
      </Field>
      <Field label="To" name="to" error={errors.to} hint="UTC day, inclusive">
        <input
          id="filter-to"
          name="to"
          type={isDateOrEmpty(values.to) ? "date" : "text"}
          defaultValue={values.to ?? ""}
          className={fieldClass}
          aria-invalid={!!errors.to}
          aria-describedby={errors.to ? "filter-to-error" : undefined}
        />
      </Field>
      <div className="flex items-end gap-2">
        <Button type="submit" variant="primary">
          Apply
        </Button>
        {active && (
          <Link
            href="/audit"
            className="inline-flex h-9 items-center rounded-md px-2 text-sm font-medium text-slate-600 hover:text-slate-900 hover:underline"
          >
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}

function isDateOrEmpty(v: string | undefined): boolean {
  return !v || /^\d{4}-\d{2}-\d{2}$/.test(v);
}

function Field({
  label,
  name,
  error,
  hint,
  children,
}: {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-xs font-medium text-slate-700">
        {label}
        {hint && <span className="ml-1 font-normal text-slate-500">· {hint}</span>}
      </label>
      {children}
      {error && (
        <p className="mt-1 text-xs text-red-700" id={`filter-${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
