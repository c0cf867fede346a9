import { diffManifests, type Change } from "@/lib/registry/diff";

const KIND_STYLE: Record<Change["kind"], { label: string; className: string }> = {
  added: { label: "added", className: "bg-emerald-50 text-emerald-800" },
  removed: { label: "removed", className: "bg-red-50 text-red-700" },
  changed: { label: "changed", className: "bg-amber-50 text-amber-800" },
};

function show(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value, null, 1).replace(/\n\s*/g, " ");
}

/**
 * An event's before/after, collapsed by default: the fields that differ (path, old value, new
 * value), then both documents verbatim. Objects are compared key by key; a list that changed is
 * shown whole.
 */
export function EventChange({ seq, before, after }: { seq: string; before: unknown; after: unknown }) {
  if (before === null && after === null) return <span className="text-slate-500">—</span>;
  const changes = isObject(before) || isObject(after)
    ? diffManifests(isObject(before) ? before : undefined, isObject(after) ? after : undefined)
    : [{ path: "(value)", kind: "changed" as const, before, after }];
  const summary = changes.length === 0 ? "no difference" : `${changes.length} ${changes.length === 1 ? "field" : "fields"}`;

  return (
    <details className="group max-w-xl">
      <summary className="cursor-pointer text-sm whitespace-nowrap text-brand-700 hover:underline" aria-label={`Before and after of event ${seq}: ${summary}`}>
        {summary}
      </summary>
      <div className="mt-2 min-w-[22rem] space-y-3">
        {changes.length > 0 && (
          <table className="w-full text-xs">
            <caption className="sr-only">Fields changed by event {seq}</caption>
            <thead>
              <tr className="text-left text-slate-500">
                <th scope="col" className="py-1 pr-2 font-medium">Field</th>
                <th scope="col" className="py-1 pr-2 font-medium">Before</th>
                <th scope="col" className="py-1 font-medium">After</th>
              </tr>
            </thead>
            <tbody className="align-top font-mono">
              {changes.map((c) => (
                <tr key={`${c.kind}:${c.path}`} className="border-t border-slate-100">
                  <td className="py-1 pr-2 break-all text-slate-800">
                    {c.path}{" "}
                    <span className={`rounded px-1 font-sans text-[10px] ${KIND_STYLE[c.kind].className}`}>
                      {KIND_STYLE[c.kind].label}
                    </span>
                  </td>
                  <td className="py-1 pr-2 break-all text-red-700">{show(c.before)}</td>
                  <td className="py-1 break-all text-emerald-800">{show(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          <Raw label="Before" value={before} />
          <Raw label="After" value={after} />
        </div>
      </div>
    </details>
  );
}

function Raw({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <p className="text-[11px] font-medium tracking-wide text-slate-500 uppercase">{label}</p>
      <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px] leading-snug text-slate-800">
        {value === null ? "(none)" : JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
