import { Button } from "@/components/ui/button";
import { DataTable, type Column } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";

export type PinRow = { tenant: string; version: string; reason: string; createdBy: string; createdAt: string };

/**
 * Tenants pinned to a version: pins win over the split, for every request of that tenant. With
 * `onUnpin` (operators and up) each row gets an Unpin button; without it the table is read-only.
 */
export function PinsTable({
  pins,
  onUnpin,
  pendingTenant,
}: {
  pins: PinRow[];
  onUnpin?: (tenant: string) => void;
  /** the tenant whose unpin is in flight: its button is disabled */
  pendingTenant?: string | null;
}) {
  const columns: Column<PinRow>[] = [
    { id: "tenant", header: "Tenant", cell: (p) => <span className="font-mono text-[13px] font-medium text-slate-900">{p.tenant}</span> },
    { id: "version", header: "Version", cell: (p) => <span className="font-mono text-[13px]">{p.version}</span> },
    {
      id: "reason",
      header: "Reason",
      className: "max-w-xs",
      cell: (p) =>
        p.reason ? (
          <span className="block truncate" title={p.reason}>
            {p.reason}
          </span>
        ) : (
          <span className="text-slate-500">—</span>
        ),
    },
    {
      id: "by",
      header: "Pinned",
      cell: (p) => (
        <span className="block text-xs">
          <span className="block truncate text-slate-700" title={p.createdBy}>
            {p.createdBy}
          </span>
          <RelativeTime date={p.createdAt} className="text-slate-500" />
        </span>
      ),
    },
    ...(onUnpin
      ? [
          {
            id: "actions",
            header: <span className="sr-only">Actions</span>,
            align: "right" as const,
            cell: (p: PinRow) => (
              <Button
                type="button"
                size="sm"
                variant="secondary"
                aria-label={`Unpin ${p.tenant}`}
                disabled={pendingTenant === p.tenant}
                onClick={() => onUnpin(p.tenant)}
              >
                {pendingTenant === p.tenant ? "Unpinning…" : "Unpin"}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <DataTable
      caption="Tenant pins"
      columns={columns}
      rows={pins}
      rowKey={(p) => p.tenant}
      empty="No tenant is pinned: every tenant follows the split."
    />
  );
}
