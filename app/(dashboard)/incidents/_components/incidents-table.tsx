import Link from "next/link";
import { incidentHref, releaseHref } from "@/components/release/hrefs";
import { IncidentStatusBadge, triggerLabel } from "@/components/release/release-badges";
import { DataTable, type Column } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { IncidentSummary } from "@/lib/rollout/incidents";

/** Incidents in the order given (the page puts open ones first). */
export function IncidentsTable({ rows }: { rows: IncidentSummary[] }) {
  const columns: Column<IncidentSummary>[] = [
    {
      id: "incident",
      header: "Incident",
      cell: (r) => (
        <Link
          href={incidentHref(r.id)}
          className="font-medium text-brand-700 hover:underline"
          aria-label={`Incident ${r.model} ${r.fromVersion} → ${r.toVersion}`}
        >
          <span className="font-mono whitespace-nowrap text-[13px]">{r.fromVersion}</span> →{" "}
          <span className="font-mono whitespace-nowrap text-[13px]">{r.toVersion}</span>
        </Link>
      ),
    },
    {
      id: "model",
      header: "Model",
      cell: (r) => (
        <Link
          href={releaseHref(r.model)}
          className="font-mono whitespace-nowrap text-[13px] text-slate-800 hover:text-brand-700 hover:underline"
        >
          {r.model}
        </Link>
      ),
    },
    {
      id: "trigger",
      header: "Trigger",
      className: "max-w-56",
      cell: (r) => (
        <span className="block min-w-0 text-xs">
          <span className="block font-medium text-slate-800">{triggerLabel(r.trigger)}</span>
          <span className="block truncate text-slate-500" title={r.triggeredBy}>
            {r.triggeredBy}
          </span>
        </span>
      ),
    },
    {
      id: "reason",
      header: "Reason",
      className: "max-w-sm",
      cell: (r) => (
        <span className="block truncate" title={r.reason}>
          {r.reason || <span className="text-slate-500">—</span>}
        </span>
      ),
    },
    { id: "opened", header: "Opened", className: "whitespace-nowrap", cell: (r) => <RelativeTime date={r.rolledBackAt} /> },
    {
      id: "status",
      header: "Status",
      className: "whitespace-nowrap",
      cell: (r) => (
        <span className="flex items-center gap-2">
          <IncidentStatusBadge status={r.status} />
          {r.noteCount > 0 && (
            <span className="text-xs text-slate-500">
              {r.noteCount} {r.noteCount === 1 ? "note" : "notes"}
            </span>
          )}
        </span>
      ),
    },
  ];
  return (
    <DataTable
      caption="Incidents, open first"
      columns={columns}
      rows={rows}
      rowKey={(r) => r.id}
      rowClassName={(r) => (r.status === "open" ? undefined : "text-slate-500")}
    />
  );
}
