import type { Metadata } from "next";
import { FilterLinks } from "@/components/ui/filter-links";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getWebhook, listDeliveries } from "@/lib/notify/queries";
import { DELIVERY_STATUSES, type DeliveryStatus } from "@/lib/notify/schemas";
import { DELIVERY_STATUS_LABEL } from "../_components/delivery-status-badge";
import { SignatureHelp } from "../_components/signature-help";
import { WebhookForm } from "../_components/webhook-form";
import { EventBadges, webhookHref } from "../_components/webhooks-table";
import { DeliveriesTable } from "./_components/deliveries-table";
import { WebhookActions } from "./_components/webhook-actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ status?: string | string[] }> };

const LOG_SIZE = 50;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requirePageUser("webhooks:manage");
  const webhook = await getWebhook(db(), (await params).id);
  return { title: webhook ? `Webhook ${webhook.name}` : "Webhook" };
}

export default async function WebhookPage({ params, searchParams }: Props) {
  await requirePageUser("webhooks:manage");
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const raw = Array.isArray(query.status) ? query.status[0] : query.status;
  const status = (DELIVERY_STATUSES as readonly string[]).includes(raw ?? "") ? (raw as DeliveryStatus) : undefined;
  const webhook = await getWebhook(db(), id);
  if (!webhook) notFound();
  const deliveries = await listDeliveries(db(), webhook.id, { status, take: LOG_SIZE });

  const filters: { label: string; status?: DeliveryStatus }[] = [
    { label: "All" },
    ...(["failed", "dead", "succeeded", "pending"] as const).map((s) => ({ label: DELIVERY_STATUS_LABEL[s], status: s })),
  ];

  return (
    <>
      <PageHeader
        title={webhook.name}
        breadcrumbs={[{ label: "Settings", href: "/settings" }, { label: "Webhooks", href: "/settings/webhooks" }, { label: webhook.name }]}
        meta={
          <>
            {webhook.active ? (
              <Badge tone="success" dot>
                Active
              </Badge>
            ) : (
              <Badge tone="muted">Paused</Badge>
            )}
            <span>{webhook.format === "slack" ? "Slack message" : "JSON"}</span>
            <EventBadges events={webhook.events} />
            <span>
              Created by {webhook.createdBy} <RelativeTime date={webhook.createdAt} />
            </span>
          </>
        }
      />
      <div className="space-y-6">
        <WebhookActions id={webhook.id} name={webhook.name} active={webhook.active} />
        <Card
          id="deliveries"
          title="Deliveries"
          description={`The latest ${LOG_SIZE}${status ? ` ${DELIVERY_STATUS_LABEL[status].toLowerCase()}` : ""}, newest event first.`}
          actions={
            <FilterLinks
              label="Filter deliveries"
              links={filters.map((f) => ({
                key: f.label,
                label: f.label,
                href: f.status ? `${webhookHref(webhook.id)}?status=${f.status}` : webhookHref(webhook.id),
                current: f.status === status,
              }))}
            />
          }
          flush
        >
          <DeliveriesTable deliveries={deliveries} />
        </Card>
        <Card id="settings" title="Settings" description="The signing secret is not shown again; rotate it to get a new one.">
          <WebhookForm webhook={webhook} />
        </Card>
        <Card id="verifying" title="Verifying deliveries">
          <SignatureHelp />
        </Card>
      </div>
    </>
  );
}
