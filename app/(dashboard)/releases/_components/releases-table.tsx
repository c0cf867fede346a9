import Link from "next/link";
import { incidentsHref, releaseHref } from "@/components/release/hrefs";
import { ModeBadge, ReleaseStateBadge } from "@/components/release/release-badges";
import { formatPercent } from "@/lib/format/numbers";
import { SplitBar } from "@/components/release/split-bar";
import { DataTable, type Column } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ReleaseOverview } from "@/lib/rollout/queries";

/** Every model's release, in the order the query gives (rollouts in progress first, then by key). */
export function ReleasesTable({ rows }: { rows: ReleaseOverview[] }) {
  const columns: Column<ReleaseOverview>[] = [
    {
      id: "model",
      header: "Model",
      cell: (r) => (
        <Link href={releaseHref(r.model)} className="text-slate-800 hover:text-brand-700 hover:underline">
          <span className="block font-medium">
            {r.name || r.model}
            <span className="sr-only"> release</span>
          </span>
          {r.name && r.name !== r.model && <span className="block font-mono text-xs text-slate-500">{r.model}</span>}
        </Link>
      ),
    },
    {
      id: "stable",
      header: "Stable",
      cell: (r) =>
        r.stable ? (
          <span className="font-mono whitespace-nowrap text-[13px]">{r.stable}</span>
        ) : (
          <span className="text-slate-500">nothing in production</span>
        ),
    },
    {
      id: "candidate",
      header: "Candidate",
      className: "min-w-56",
      cell: (r) =>
        r.candidate ? (
          <span className="block">
            <span className="flex items-baseline gap-2">
              <span className="font-mono whitespace-nowrap text-[13px]">{r.candidate.version}</span>
              <span className="font-semibold tabular-nums">
                {r.mode === "shadow" ? `shadow ${formatPercent(r.candidate.percent)}` : formatPercent(r.candidate.percent)}
              </span>
              {r.step && (
                <span className="text-xs text-slate-500">
                  step {r.step.index + 1} of {r.step.of}
                </span>
              )}
            </span>
            <SplitBar
              compact
              className="mt-1.5 max-w-56"
              stable={r.stable ? { version: r.stable } : null}
              candidate={{ version: r.candidate.version }}
              split={
                r.mode === "shadow"
                  ? { stable: 100, candidate: 0, shadow: r.candidate.percent }
                  : { stable: r.stable ? 100 - r.candidate.percent : 0, candidate: r.candidate.percent, shadow: 0 }
              }
            />
          </span>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
    { id: "mode", header: "Mode", cell: (r) => (r.exists ? <ModeBadge mode={r.mode} /> : <span className="text-slate-500">—</span>) },
    {
      id: "state",
      header: "State",
      cell: (r) => (r.exists ? <ReleaseStateBadge state={r.state} /> : <span className="text-slate-500">no release</span>),
    },
    {
      id: "pins",
      header: "Pins",
      align: "right",
      cell: (r) => (r.pins > 0 ? r.pins : <span className="text-slate-500">0</span>),
    },
    {
      id: "incidents",
      header: "Open incidents",
      align: "right",
      cell: (r) =>
        r.openIncidents > 0 ? (
          <Link href={incidentsHref({ model: r.model, status: "open" })} className="font-semibold text-red-700 hover:underline">
            {r.openIncidents}
          </Link>
        ) : (
          <span className="text-slate-500">0</span>
        ),
    },
    {
      id: "changed",
      header: "Last change",
      className: "whitespace-nowrap",
      cell: (r) => (r.updatedAt ? <RelativeTime date={r.updatedAt} /> : <span className="text-slate-500">never</span>),
    },
  ];
  return (
    <DataTable
      caption="Releases, rollouts in progress first"
      columns={columns}
      rows={rows}
      rowKey={(r) => r.model}
      rowClassName={(r) => (r.inProgress ? "bg-amber-50/40" : undefined)}
    />
  );
}
