import type { Change } from "@/lib/registry/diff";

const KIND_STYLE: Record<Change["kind"], { label: string; className: string }> = {
  added: { label: "added", className: "bg-emerald-50 text-emerald-800" },
  removed: { label: "removed", className: "bg-red-50 text-red-700" },
  changed: { label: "changed", className: "bg-amber-50 text-amber-800" },
};

function show(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, null, 2);
}

export function changeSummary(changes: Change[]): string {
  return changes.length === 0 ? "no difference" : `${changes.length} ${changes.length === 1 ? "field" : "fields"}`;
}

/**
 * An event's before/after: the fields that differ (path, old value, new value), then both
 * documents verbatim, pretty-printed. Objects are compared key by key; a list that changed is
 * shown whole. Long values scroll inside their own box.
 */
export function EventChange({ seq, changes, before, after }: { seq: string; changes: Change[]; before: unknown; after: unknown }) {
  return (
    <div className="space-y-3">
      {changes.length > 0 && (
        <table className="w-full table-fixed text-xs">
          <caption className="sr-only">Fields changed by event {seq}</caption>
          <colgroup>
            <col className="w-1/5" />
            <col className="w-2/5" />
            <col className="w-2/5" />
          </colgroup>
          <thead>
            <tr className="text-left text-slate-500">
              <th scope="col" className="py-1 pr-2 font-medium">
                Field
              </th>
              <th scope="col" className="py-1 pr-2 font-medium">
                Before
              </th>
              <th scope="col" className="py-1 font-medium">
                After
              </th>
            </tr>
          </thead>
          <tbody className="align-top font-mono">
            {changes.map((c) => (
              <tr key={`${c.kind}:${c.path}`} className="border-t border-slate-200">
                <td className="py-1 pr-2 break-all text-slate-800">
                  {c.path}{" "}
                  <span className={`rounded px-1 font-sans text-[10px] ${KIND_STYLE[c.kind].className}`}>{KIND_STYLE[c.kind].label}</span>
                </td>
                <td className="py-1 pr-2">
                  <Value text={show(c.before)} className="text-red-700" />
                </td>
                <td className="py-1">
                  <Value text={show(c.after)} className="text-emerald-800" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        <Raw label="Before" value={before} />
        <Raw label="After" value={after} />
      </div>
    </div>
  );
}

function Value({ text, className }: { text: string; className: string }) {
  return <pre className={`max-h-40 overflow-auto font-mono text-xs leading-snug break-words whitespace-pre-wrap ${className}`}>{text}</pre>;
}

function Raw({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="min-w-0">
      <p className="text-[11px] font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      <pre
        tabIndex={0}
        aria-label={label}
        className="mt-1 max-h-80 overflow-auto rounded border border-slate-200 bg-white p-2 font-mono text-xs leading-relaxed text-slate-800"
      >
        {value === null ? "(none)" : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}
