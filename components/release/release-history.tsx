import { RelativeTime } from "@/components/ui/relative-time";
import type { AuditEventDto } from "@/lib/audit/queries";
import { ActorLabel } from "./actor-label";
import { eventDetail, eventTitle } from "./event-format";

/** Who did what when to a release, newest first: the release's own audit events (moves, pins). */
export function ReleaseHistory({ events }: { events: AuditEventDto[] }) {
  if (events.length === 0) return <p className="px-5 py-4 text-sm text-slate-500">Nothing has happened to this release yet.</p>;
  return (
    <ol aria-label="Release history" className="divide-y divide-slate-100">
      {events.map((e) => {
        const detail = eventDetail({ action: e.action, before: e.before, after: e.after });
        return (
          <li key={e.seq} className="grid grid-cols-1 gap-1 px-5 py-3 text-sm sm:grid-cols-[9rem_minmax(0,1fr)] sm:gap-4">
            <RelativeTime date={e.at} className="text-xs text-slate-500 sm:pt-0.5" />
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="font-medium text-slate-900">{eventTitle(e.action)}</span>
                {detail && <span className="font-mono text-[13px] text-slate-700">{detail}</span>}
              </p>
              <p className="mt-0.5 flex min-w-0 flex-wrap items-center gap-1 text-xs text-slate-600">
                by <ActorLabel label={e.actor.label} type={e.actor.type} />
              </p>
              {e.reason && <p className="mt-1 text-sm whitespace-pre-line text-slate-700">“{e.reason}”</p>}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
