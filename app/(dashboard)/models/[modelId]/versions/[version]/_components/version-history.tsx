import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { AuditEventDto } from "@/lib/audit/queries";

/**
 * The version's audit history, newest first: what happened to it (action), who did it
 * (actor) and when. A timeline fits the sidebar; the audit page has the full events
 * (before/after, hashes).
 */
export function VersionHistory({ events }: { events: AuditEventDto[] }) {
  if (events.length === 0) {
    return <p className="px-5 py-4 text-sm text-slate-500">No events recorded for this version.</p>;
  }
  return (
    <ol aria-label="Audit history of this version" className="divide-y divide-slate-100">
      {events.map((e) => (
        <li key={e.seq} className="px-5 py-3 text-sm">
          <div className="flex items-baseline justify-between gap-3">
            <span className="font-mono text-[13px] font-medium text-slate-900">{e.action}</span>
            <RelativeTime date={e.at} className="shrink-0 text-xs text-slate-500" />
          </div>
          <div className="mt-0.5 flex min-w-0 items-center gap-1.5 text-slate-600">
            <span className="sr-only">by</span>
            <span className="truncate" title={e.actor.label}>
              {e.actor.label}
            </span>
            {e.actor.type !== "user" && <Badge tone="muted">{e.actor.type}</Badge>}
          </div>
          {e.reason && <p className="mt-1 text-xs text-slate-500">{e.reason}</p>}
        </li>
      ))}
    </ol>
  );
}
