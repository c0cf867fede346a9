"use client";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { DataTable, type Column } from "@/components/ui/data-table";
import { FormError } from "@/components/ui/field";
import { RelativeTime } from "@/components/ui/relative-time";
import { redeliverAction } from "@/lib/notify/actions";
import { MAX_ATTEMPTS } from "@/lib/notify/backoff";
import type { AttemptRow, DeliveryRow } from "@/lib/notify/queries";
import { DeliveryStatusBadge } from "../../_components/delivery-status-badge";

/**
 * What went wrong, when the status code alone does not say it. Errors are fixed messages
 * written by Rollgate ("connection refused", "refused: resolves to a non-public address"); the
 * receiver's response body is never stored, so it cannot be shown.
 */
function resultDetail(d: DeliveryRow): string | null {
  if (!d.lastError || d.lastError === `HTTP ${d.lastStatus}`) return null;
  return d.lastError;
}

type Notice = { kind: "error"; title: string; message: string } | { kind: "ok"; message: string } | null;

function AttemptLog({ delivery }: { delivery: DeliveryRow }) {
  // attempts counts toward the limit and restarts at 0 on redeliver; the log keeps every try
  const count = `${delivery.attempts} of ${MAX_ATTEMPTS}`;
  if (delivery.attemptLog.length === 0) return <span className="tabular-nums">{count}</span>;
  return (
    <details>
      <summary className="cursor-pointer tabular-nums text-brand-700 hover:underline">
        {count}
        {delivery.attemptLog.length > delivery.attempts && <span className="text-slate-500"> (redelivered)</span>}
      </summary>
      <ol className="mt-2 space-y-1 text-xs" aria-label="Attempts, oldest first">
        {delivery.moreAttempts && <li className="text-slate-500">Earlier attempts not shown.</li>}
        {delivery.attemptLog.map((a: AttemptRow) => (
          <li key={a.id} className="flex flex-wrap items-baseline gap-x-2">
            <RelativeTime date={a.at} className="text-slate-500" />
            <span className={`font-mono ${a.error ? "text-red-700" : "text-emerald-700"}`}>{a.statusCode ?? "—"}</span>
            <span className="text-slate-500 tabular-nums">{a.durationMs} ms</span>
            {a.error && <span className="max-w-sm break-words text-slate-600">{a.error}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}

export function DeliveriesTable({ deliveries }: { deliveries: DeliveryRow[] }) {
  const [notice, setNotice] = useState<Notice>(null);

  const columns: Column<DeliveryRow>[] = [
    {
      id: "event",
      header: "Event",
      cell: (d) => (
        <span className="flex flex-col">
          <span className="font-mono text-[13px] text-slate-900">{d.event}</span>
          <span className="text-xs text-slate-500">
            {d.model ?? "—"} · #{d.eventId}
          </span>
        </span>
      ),
    },
    { id: "status", header: "Status", cell: (d) => <DeliveryStatusBadge status={d.status} /> },
    { id: "attempts", header: "Attempts", cell: (d) => <AttemptLog delivery={d} /> },
    {
      id: "result",
      header: "Last result",
      className: "max-w-xs",
      cell: (d) => {
        const detail = resultDetail(d);
        return d.lastStatus === null && !detail ? (
          <span className="text-slate-500">—</span>
        ) : (
          <span className="flex flex-col">
            {d.lastStatus !== null && <span className="font-mono text-[13px]">{d.lastStatus}</span>}
            {detail && <span className="text-xs text-slate-500">{detail}</span>}
          </span>
        );
      },
    },
    { id: "time", header: "Event time", cell: (d) => <RelativeTime date={d.eventAt} /> },
    {
      id: "next",
      header: "Next attempt",
      cell: (d) => (d.nextAttemptAt ? <RelativeTime date={d.nextAttemptAt} /> : <span className="text-slate-500">—</span>),
    },
    {
      id: "actions",
      header: "Actions",
      align: "right",
      cell: (d) => (d.attempts === 0 && d.status === "pending" ? null : <RedeliverButton delivery={d} onNotice={setNotice} />),
    },
  ];

  return (
    <>
      {notice && (
        <div className="border-b border-slate-200 px-4 py-3">
          {notice.kind === "error" ? (
            <FormError title={notice.title} message={notice.message} onDismiss={() => setNotice(null)} />
          ) : (
            <p role="status" className="text-sm text-emerald-900">
              {notice.message}
            </p>
          )}
        </div>
      )}
      <DataTable
        caption="Deliveries"
        columns={columns}
        rows={deliveries}
        rowKey={(d) => d.id}
        empty={
          <>
            <span className="block font-medium text-slate-700">No deliveries yet</span>
            Events this webhook subscribes to appear here as they happen. Use “Send test” to try the receiver now.
          </>
        }
      />
    </>
  );
}

function RedeliverButton({ delivery, onNotice }: { delivery: DeliveryRow; onNotice: (n: Notice) => void }) {
  const [pending, startTransition] = useTransition();
  const redeliver = () =>
    startTransition(async () => {
      const result = await redeliverAction({ deliveryId: delivery.id });
      if (!result.ok) return onNotice({ kind: "error", title: `Could not redeliver ${delivery.event}`, message: result.error.message });
      onNotice({
        kind: "ok",
        message: result.data.webhookActive
          ? `${delivery.event} #${delivery.eventId} is queued to be sent again now.`
          : `${delivery.event} #${delivery.eventId} is queued; it is sent when the webhook is active again.`,
      });
    });
  return (
    <Button
      size="sm"
      type="button"
      variant="ghost"
      disabled={pending}
      onClick={redeliver}
      aria-label={`Redeliver ${delivery.event} #${delivery.eventId}`}
    >
      {pending ? "Queuing…" : "Redeliver"}
    </Button>
  );
}
