import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type Column } from "@/components/ui/data-table";
import { RelativeTime } from "@/components/ui/relative-time";
import { describeFilterEntry } from "@/lib/notify/events";
import type { WebhookSummary } from "@/lib/notify/queries";
import { redactUrl } from "@/lib/notify/url";
import { DeliveryStatusBadge } from "./delivery-status-badge";

export const webhookHref = (id: string) => `/settings/webhooks/${encodeURIComponent(id)}`;

const MAX_EVENT_BADGES = 3;

export function EventBadges({ events }: { events: string[] }) {
  const shown = events.slice(0, MAX_EVENT_BADGES);
  const more = events.length - shown.length;
  return (
    <div className="flex flex-wrap gap-1">
      {shown.map((e) => (
        <Badge key={e} tone={e === "*" ? "brand" : "neutral"} className={e.includes("*") ? undefined : "font-mono"} title={e}>
          {describeFilterEntry(e)}
        </Badge>
      ))}
      {more > 0 && (
        <Badge tone="muted" title={events.slice(MAX_EVENT_BADGES).join(", ")}>
          +{more} more
        </Badge>
      )}
    </div>
  );
}

function Backlog({ counts }: { counts: WebhookSummary["counts"] }) {
  const parts = [
    counts.failed ? `${counts.failed} retrying` : null,
    counts.dead ? `${counts.dead} gave up` : null,
    counts.pending ? `${counts.pending} pending` : null,
  ].filter(Boolean);
  return parts.length ? (
    <span className={counts.dead ? "text-red-700" : "text-amber-800"}>{parts.join(" · ")}</span>
  ) : (
    <span className="text-slate-500">—</span>
  );
}

export function WebhooksTable({ webhooks }: { webhooks: WebhookSummary[] }) {
  const columns: Column<WebhookSummary>[] = [
    {
      id: "name",
      header: "Name",
      cell: (w) => (
        <Link href={webhookHref(w.id)} className="font-medium text-brand-700 hover:underline">
          {w.name}
        </Link>
      ),
    },
    {
      id: "url",
      header: "URL",
      className: "max-w-xs",
      // shortened: a Slack URL's path is itself a credential
      cell: (w) => <code className="font-mono text-[13px] break-all text-slate-600">{redactUrl(w.url)}</code>,
    },
    { id: "events", header: "Events", cell: (w) => <EventBadges events={w.events} /> },
    { id: "format", header: "Format", cell: (w) => (w.format === "slack" ? "Slack" : "JSON") },
    {
      id: "active",
      header: "Status",
      cell: (w) =>
        w.active ? (
          <Badge tone="success" dot>
            Active
          </Badge>
        ) : (
          <Badge tone="muted">Paused</Badge>
        ),
    },
    {
      id: "last",
      header: "Last delivery",
      cell: (w) =>
        w.lastDelivery ? (
          <span className="flex flex-wrap items-center gap-2">
            <DeliveryStatusBadge status={w.lastDelivery.status} />
            {w.lastDelivery.statusCode !== null && (
              <span className="font-mono text-[13px] text-slate-600">{w.lastDelivery.statusCode}</span>
            )}
            <RelativeTime date={w.lastDelivery.at} className="text-slate-500" />
          </span>
        ) : (
          <span className="text-slate-500">None yet</span>
        ),
    },
    { id: "backlog", header: "Backlog", cell: (w) => <Backlog counts={w.counts} /> },
  ];
  return (
    <DataTable
      caption="Webhooks"
      columns={columns}
      rows={webhooks}
      rowKey={(w) => w.id}
      rowClassName={(w) => (w.active ? undefined : "text-slate-500")}
    />
  );
}
