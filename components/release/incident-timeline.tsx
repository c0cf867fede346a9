import { cx } from "@/components/ui/cx";
import { DateTime } from "@/components/ui/date-time";
import type { EventType } from "@/lib/events/schemas";
import type { TimelineEntry } from "@/lib/rollout/incidents";
import { eventDetail, eventTitle } from "./event-format";

const ROLLED_BACK = "release.rolled_back" satisfies EventType;

const MARKER: Record<string, string> = {
  [ROLLED_BACK]: "bg-red-500 ring-red-100",
  "incident.opened": "bg-red-400 ring-red-100",
  "incident.closed": "bg-emerald-500 ring-emerald-100",
  "release.started": "bg-amber-400 ring-amber-100",
  "release.advanced": "bg-amber-300 ring-amber-100",
} satisfies Partial<Record<EventType | `incident.${string}`, string>>;

/**
 * What happened to the model from the rollout's start until now, oldest first: its audit events
 * (rollout start, steps, pauses, the rollback, stage changes) and the incident's notes. Times are
 * exact (in the viewer's chosen zone, with its offset): this is what goes into a postmortem.
 */
export function IncidentTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0)
    return <p className="text-sm text-slate-500">No events were recorded for this model in the incident&apos;s window.</p>;
  return (
    <ol aria-label="Timeline" className="relative space-y-4 border-l border-slate-200 pl-5">
      {entries.map((e, i) => {
        const note = e.kind === "note";
        const detail = note ? null : eventDetail({ action: e.action, before: e.before, after: e.after, subject: e.subject });
        return (
          <li key={`${e.at}-${e.action}-${i}`} className="relative text-sm">
            <span
              aria-hidden
              className={cx(
                "absolute top-1.5 -left-[1.6rem] h-2.5 w-2.5 rounded-full ring-4",
                note ? "bg-sky-500 ring-sky-100" : (MARKER[e.action] ?? "bg-slate-300 ring-slate-100"),
              )}
            />
            <p className="flex flex-wrap items-baseline gap-x-2">
              <DateTime value={e.at} className="font-mono text-xs text-slate-500" />
              <span className={cx("font-medium", e.action === ROLLED_BACK ? "text-red-800" : "text-slate-900")}>
                {note ? "Note" : eventTitle(e.action)}
              </span>
              {detail && <span className="font-mono text-[13px] text-slate-700">{detail}</span>}
              <span className="text-xs text-slate-500">by {e.actor}</span>
            </p>
            {e.reason && (
              <p className={cx("mt-1 whitespace-pre-line", note ? "rounded-md bg-sky-50 px-3 py-2 text-slate-800" : "text-slate-700")}>
                {note ? e.reason : `“${e.reason}”`}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
