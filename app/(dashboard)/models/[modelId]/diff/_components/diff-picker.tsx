import Link from "next/link";
import { Button } from "@/components/ui/button";
import { stageLabel, type StageName } from "@/components/ui/stage-badge";

export type VersionOption = { version: string; stage: StageName };

const selectClass =
  "h-9 w-full min-w-0 rounded-md border border-slate-300 bg-white px-2.5 font-mono text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-100";

/**
 * Two version selects in a GET form: the choice lives in the URL (?from=&to=), so a diff
 * can be linked, bookmarked and reloaded, and the form works before JavaScript loads.
 */
export function DiffPicker({
  pathname,
  versions,
  from,
  to,
}: {
  pathname: string;
  /** newest first */
  versions: VersionOption[];
  from: string;
  to: string;
}) {
  const swap = `${pathname}?${new URLSearchParams({ from: to, to: from })}`;
  return (
    // keyed by the pair: the selects are uncontrolled, and a client navigation (Swap) must reset them
    <form
      key={`${from}\u0000${to}`}
      method="get"
      action={pathname}
      className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <VersionSelect name="from" label="From (before)" value={from} versions={versions} />
      <span aria-hidden className="hidden pb-2 text-slate-500 sm:block">
        →
      </span>
      <VersionSelect name="to" label="To (after)" value={to} versions={versions} />
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary">
          Compare
        </Button>
        <Link href={swap} className="px-2 text-sm text-brand-700 hover:underline">
          Swap
        </Link>
      </div>
    </form>
  );
}

function VersionSelect({ name, label, value, versions }: { name: string; label: string; value: string; versions: VersionOption[] }) {
  const id = `diff-${name}`;
  const known = versions.some((v) => v.version === value);
  return (
    <div className="w-full min-w-0 sm:w-72">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value} className={selectClass}>
        {!known && value !== "" && <option value={value}>{value} (not found)</option>}
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {v.version} · {stageLabel(v.stage)}
          </option>
        ))}
      </select>
    </div>
  );
}
