"use client";
import Link from "next/link";
import { Fragment, useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { cx } from "@/components/ui/cx";
import { RelativeTime } from "@/components/ui/relative-time";
import { ariaSort, sortHref, type SearchParams, type SortState } from "@/components/ui/table-params";
import type { AuditEventDto } from "@/lib/audit/queries";
import { subjectKey, type SubjectNames } from "@/lib/audit/subjects";
import type { Change } from "@/lib/registry/diff";
import { changeSummary, EventChange } from "./event-change";

const ACTOR_TONES: Record<string, BadgeTone> = {
  user: "brand",
  token: "purple",
  policy: "info",
  guardrail: "warning",
  system: "muted",
};

// Fixed column widths, so the table fits its card from 1280 px up and a long value wraps or is
// cut inside its cell instead of widening the page; the reason takes what is left.
const COLUMNS = [
  { id: "seq", header: "#", width: "w-12", align: "right" },
  { id: "at", header: "Time", width: "w-28" },
  { id: "actor", header: "Actor", width: "w-[15%]" },
  { id: "action", header: "Action", width: "w-40" },
  { id: "subject", header: "Subject", width: "w-[17%]" },
  { id: "model", header: "Model", width: "w-32" },
  { id: "reason", header: "Reason", width: "" },
  { id: "change", header: "Before / after", width: "w-28" },
] as const;

/** A reason this long is cut to two lines in its cell; the expanded row shows it whole. */
const LONG_REASON = 90;

/** One event and the fields it changed (worked out on the server). */
export type AuditRow = { event: AuditEventDto; changes: Change[] | null };

/** The audit events of one page, already filtered, sorted and paginated by the query. */
export function AuditTable({
  rows,
  names,
  sort,
  searchParams,
}: {
  rows: AuditRow[];
  names: SubjectNames;
  sort: SortState;
  searchParams: SearchParams;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (seq: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  const timeSort = ariaSort(sort, "at");

  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[64rem] table-fixed divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Audit events</caption>
        <colgroup>
          {COLUMNS.map((c) => (
            <col key={c.id} className={c.width} />
          ))}
        </colgroup>
        <thead className="bg-slate-50">
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.id}
                scope="col"
                aria-sort={c.id === "at" ? timeSort : undefined}
                className={cx(
                  "px-3 py-2.5 text-xs font-semibold tracking-wide text-slate-600 uppercase",
                  "align" in c ? "text-right" : "text-left",
                )}
              >
                {c.id === "at" ? (
                  <Link
                    href={sortHref("/audit", searchParams, sort, "at", "desc")}
                    className={cx(
                      "group inline-flex items-center gap-1 rounded hover:text-slate-900",
                      timeSort !== "none" && "text-slate-900",
                    )}
                  >
                    {c.header}
                    <SortIcon state={timeSort} />
                  </Link>
                ) : (
                  c.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {rows.map(({ event: e, changes }) => {
            const expanded = open.has(e.seq);
            const detailId = `audit-event-${e.seq}`;
            const subject = names[subjectKey(e.subject.type, e.subject.id)];
            return (
              <Fragment key={e.seq}>
                <tr className={cx("align-top hover:bg-slate-50/70", expanded && "bg-slate-50/70")}>
                  <td className="px-3 py-2.5 text-right font-mono text-xs text-slate-500">{e.seq}</td>
                  <td className="px-3 py-2.5 text-slate-700">
                    <RelativeTime date={e.at} className="whitespace-nowrap" />
                  </td>
                  <td className="px-3 py-2.5">
                    <Badge tone={ACTOR_TONES[e.actor.type] ?? "neutral"}>{e.actor.type}</Badge>
                    <span title={e.actor.label} className="mt-0.5 block truncate text-slate-700">
                      {e.actor.label}
                    </span>
                  </td>
                  <td className="px-3 py-2.5 font-mono text-xs break-words text-slate-900">
                    {e.action.split(".").map((part, i) => (
                      <Fragment key={i}>
                        {i > 0 && (
                          <>
                            .<wbr />
                          </>
                        )}
                        {part}
                      </Fragment>
                    ))}
                  </td>
                  <td className="px-3 py-2.5">
                    <span className="block text-xs text-slate-500">{e.subject.type}</span>
                    <span
                      title={`${e.subject.type} ${e.subject.id}`}
                      data-testid="audit-subject"
                      className={cx("line-clamp-2 [overflow-wrap:anywhere] text-slate-900", !subject && "font-mono text-[13px]")}
                    >
                      {subject?.name ?? e.subject.id}
                    </span>
                    {subject?.detail && <span className="block truncate text-xs text-slate-500">{subject.detail}</span>}
                  </td>
                  <td className="px-3 py-2.5">
                    {e.modelKey ? (
                      <Link
                        href={`/models/${encodeURIComponent(e.modelKey)}`}
                        title={e.modelKey}
                        className="block truncate font-mono text-[13px] text-brand-700 hover:underline"
                      >
                        {e.modelKey}
                      </Link>
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                  </td>
                  <td className="px-3 py-2.5 text-slate-700">
                    {e.reason ? (
                      <span title={e.reason} className="line-clamp-2 [overflow-wrap:anywhere]">
                        {e.reason}
                      </span>
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                  </td>
                  <td className="px-3 py-2.5">
                    <button
                      type="button"
                      aria-expanded={expanded}
                      aria-controls={detailId}
                      aria-label={`Details of event ${e.seq}${changes ? `: ${changeSummary(changes)} changed` : ""}`}
                      onClick={() => toggle(e.seq)}
                      className="inline-flex items-center gap-1 rounded text-sm whitespace-nowrap text-brand-700 hover:underline"
                    >
                      <Chevron open={expanded} />
                      {changes ? changeSummary(changes) : "details"}
                    </button>
                  </td>
                </tr>
                {expanded && (
                  <tr id={detailId} className="bg-slate-50/70">
                    <td colSpan={COLUMNS.length} className="px-4 pt-1 pb-4">
                      <EventDetail event={e} subjectName={subject?.name ?? null} changes={changes} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function EventDetail({ event: e, subjectName, changes }: { event: AuditEventDto; subjectName: string | null; changes: Change[] | null }) {
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-xs">
        {e.reason && e.reason.length > LONG_REASON && (
          <>
            <dt className="text-slate-500">Reason</dt>
            <dd className="text-sm [overflow-wrap:anywhere] text-slate-800">{e.reason}</dd>
          </>
        )}
        <IdRow
          label={subjectName ? `Subject id (${subjectName})` : "Subject id"}
          value={`${e.subject.type} ${e.subject.id}`}
          copy={e.subject.id}
        />
        {e.actor.id && <IdRow label="Actor id" value={`${e.actor.type} ${e.actor.id}`} copy={e.actor.id} />}
        {e.requestId && <IdRow label="Request id" value={e.requestId} copy={e.requestId} />}
        <IdRow label="At (UTC)" value={e.at} />
        <IdRow label="Hash" value={e.hash} />
      </dl>
      {changes ? (
        <EventChange seq={e.seq} changes={changes} before={e.before} after={e.after} />
      ) : (
        <p className="text-xs text-slate-500">This event records no before or after.</p>
      )}
    </div>
  );
}

function IdRow({ label, value, copy }: { label: string; value: string; copy?: string }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="flex min-w-0 items-center gap-2 font-mono text-slate-800">
        <span className="min-w-0 break-all">{value}</span>
        {copy && <CopyButton text={copy} label={`Copy ${label.toLowerCase()}`} />}
      </dd>
    </>
  );
}

function Chevron({ open }: { open: boolean }) {
  return (
    <svg aria-hidden viewBox="0 0 12 12" className={cx("h-3 w-3 transition-transform", open && "rotate-90")} fill="currentColor">
      <path d="M4 2.5 8 6l-4 3.5z" />
    </svg>
  );
}

function SortIcon({ state }: { state: "ascending" | "descending" | "none" }) {
  return (
    <svg
      aria-hidden
      viewBox="0 0 12 12"
      className={cx("h-3 w-3", state === "none" ? "text-slate-300 group-hover:text-slate-500" : "text-brand-600")}
      fill="currentColor"
    >
      {state !== "descending" && <path d="M6 1.5 9 5H3z" />}
      {state !== "ascending" && <path d="M6 10.5 3 7h6z" />}
    </svg>
  );
}
