import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listWebhooks } from "@/lib/notify/queries";
import { SignatureHelp } from "../_components/signature-help";
import { WebhookForm } from "../_components/webhook-form";
import { WebhooksTable } from "../_components/webhooks-table";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

export default async function WebhooksPage() {
  await requirePageUser("webhooks:manage");
  const webhooks = await listWebhooks(db());
  const active = webhooks.filter((w) => w.active).length;
  return (
    <>
      <PageHeader
        title="Webhooks"
        breadcrumbs={[{ label: "Settings", href: "/settings" }, { label: "Webhooks" }]}
        description="Rollgate POSTs every change you subscribe to — a rollout step, a rollback, a promotion, an approval — to these URLs as it happens, signed with each webhook's secret."
      />
      <div className="space-y-6">
        {webhooks.length === 0 ? (
          <EmptyState title="No webhooks yet">
            <p>
              Webhooks tell people and systems about every change as it happens: post rollbacks to a Slack channel, page on-call, open a
              ticket, or trigger the next CI job when a version reaches production. Choose the Slack format and paste a Slack
              incoming-webhook URL, or receive Rollgate&apos;s JSON in your own service.
            </p>
            <p className="mt-2">
              Each delivery carries <code className="font-mono text-[13px]">X-Rollgate-Signature</code>, an HMAC-SHA256 of the timestamp and
              the body with the webhook&apos;s secret, so the receiver can check it came from Rollgate and refuse replays. Failed deliveries
              are retried for about a day.
            </p>
          </EmptyState>
        ) : (
          <Card id="webhooks" title="Webhooks" description={`${active} active of ${webhooks.length}.`} flush>
            <WebhooksTable webhooks={webhooks} />
          </Card>
        )}
        <Card id="add-webhook" title="Add a webhook" description="It receives events from the moment it is created.">
          <WebhookForm />
        </Card>
        <Card id="verifying" title="Verifying deliveries">
          <SignatureHelp />
        </Card>
      </div>
    </>
  );
}
