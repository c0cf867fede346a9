import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { SearchParams, SortState } from "@/components/ui/table-params";
import { Truncate } from "@/components/ui/truncate";
import type { AuditEventDto } from "@/lib/audit/queries";
import { EventChange } from "./event-change";

const ACTOR_TONES: Record<string, BadgeTone> = {
  user: "brand",
  token: "purple",
  policy: "info",
  guardrail: "warning",
  system: "muted",
};

const columns: Column<AuditEventDto>[] = [
  {
    id: "seq",
    header: "#",
    cell: (e) => <span className="font-mono text-xs text-slate-500">{e.seq}</span>,
    align: "right",
    className: "w-16",
  },
  {
    id: "at",
    header: "Time",
    sortKey: "at",
    firstDir: "desc",
    cell: (e) => <RelativeTime date={e.at} className="whitespace-nowrap" />,
  },
  {
    id: "actor",
    header: "Actor",
    cell: (e) => (
      <span className="flex min-w-0 items-center gap-2">
        <Badge tone={ACTOR_TONES[e.actor.type] ?? "neutral"}>{e.actor.type}</Badge>
        <Truncate text={e.actor.label} className="max-w-[14rem]" />
      </span>
    ),
  },
  {
    id: "action",
    header: "Action",
    cell: (e) => <span className="font-mono text-[13px] whitespace-nowrap text-slate-900">{e.action}</span>,
  },
  {
    id: "subject",
    header: "Subject",
    cell: (e) => (
      <span className="block min-w-0">
        <span className="block text-xs text-slate-500">{e.subject.type}</span>
        <Truncate text={e.subject.id} mono className="max-w-[16rem]" />
      </span>
    ),
  },
  {
    id: "model",
    header: "Model",
    cell: (e) =>
      e.modelKey ? (
        <Link href={`/models/${encodeURIComponent(e.modelKey)}`} className="font-mono text-[13px] text-brand-700 hover:underline">
          {e.modelKey}
        </Link>
      ) : (
        <span className="text-slate-500">—</span>
      ),
  },
  {
    id: "reason",
    header: "Reason",
    cell: (e) => (e.reason ? <Truncate text={e.reason} className="max-w-[18rem]" /> : <span className="text-slate-500">—</span>),
  },
  {
    id: "change",
    header: "Before / after",
    cell: (e) => <EventChange seq={e.seq} before={e.before} after={e.after} />,
    className: "align-top",
  },
];

/** The audit events of one page, already filtered, sorted and paginated by the query. */
export function AuditTable({
  events,
  sort,
  searchParams,
}: {
  events: AuditEventDto[];
  sort: SortState;
  searchParams: SearchParams;
}) {
  return (
    <DataTable
      caption="Audit events"
      columns={columns}
      rows={events}
      rowKey={(e) => e.seq}
      sort={sort}
      pathname="/audit"
      searchParams={searchParams}
    />
  );
}
