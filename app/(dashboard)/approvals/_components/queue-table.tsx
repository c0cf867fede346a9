import Link from "next/link";
import { modelHref } from "@/components/registry/hrefs";
import { RegisteredBy } from "@/components/registry/registered-by";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ApprovalQueueRow } from "@/lib/lifecycle/approval-queries";
import { TURN_LABEL } from "@/lib/lifecycle/turn-label";
import { approvalHref } from "./approval-hrefs";
import { approvalProgress } from "./approval-progress";
import { WaitingTime } from "./waiting-time";

/** The STAGING versions waiting for a decision, in the order the query gives (longest wait first). */
export function QueueTable({ rows, asOf }: { rows: ApprovalQueueRow[]; asOf: string }) {
  const columns: Column<ApprovalQueueRow>[] = [
    {
      id: "model",
      header: "Model",
      cell: (r) => (
        <Link href={modelHref(r.model.key)} className="text-slate-800 hover:text-brand-700 hover:underline">
          <span className="block font-medium">{r.model.name || r.model.key}</span>
          {r.model.name && r.model.name !== r.model.key && <span className="block font-mono text-xs text-slate-500">{r.model.key}</span>}
        </Link>
      ),
    },
    {
      id: "version",
      header: "Version",
      cell: (r) => (
        <Link
          href={approvalHref(r.model.key, r.version)}
          aria-label={`Review ${r.model.key} ${r.version}`}
          className="font-mono whitespace-nowrap text-[13px] font-medium text-brand-700 hover:underline"
        >
          {r.version}
        </Link>
      ),
    },
    {
      id: "registeredBy",
      header: "Registered by",
      className: "max-w-56",
      cell: (r) => (
        <span className="block min-w-0">
          <RegisteredBy label={r.registeredBy} type={r.registeredByType} />
          <RelativeTime date={r.registeredAt} className="block text-xs text-slate-500" />
        </span>
      ),
    },
    {
      id: "turn",
      header: "Your part",
      className: "whitespace-nowrap",
      cell: (r) =>
        r.turn === null ? null : r.turn.kind === "you" ? (
          <Badge tone="brand" dot>
            {TURN_LABEL.you}
          </Badge>
        ) : (
          <Badge tone="muted">{TURN_LABEL[r.turn.why]}</Badge>
        ),
    },
    {
      id: "waiting",
      header: "Waiting",
      className: "whitespace-nowrap",
      cell: (r) => <WaitingTime since={r.stagedAt} asOf={asOf} />,
    },
    {
      id: "approvals",
      header: "Approvals",
      className: "whitespace-nowrap",
      cell: (r) => approvalProgress(r.approved, r.required),
    },
    {
      id: "evaluation",
      header: "Latest evaluation",
      cell: (r) =>
        r.latestEvaluation ? (
          <span className="flex flex-wrap items-center gap-2">
            {r.latestEvaluation.passed ? (
              <Badge tone="success" dot>
                passed
              </Badge>
            ) : (
              <Badge tone="danger" dot title="A failed latest evaluation blocks approval until the version is evaluated again">
                failed
              </Badge>
            )}
            <RelativeTime date={r.latestEvaluation.createdAt} className="text-xs text-slate-500" />
          </span>
        ) : (
          <span className="text-slate-500">none</span>
        ),
    },
  ];
  return (
    <DataTable
      caption="Versions waiting for a decision, longest wait first"
      columns={columns}
      rows={rows}
      rowKey={(r) => `${r.model.key}@${r.version}`}
    />
  );
}
