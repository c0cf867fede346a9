import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { attentionFor, isQuiet, type Attention } from "@/lib/attention/queries";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { ApprovalList, DriftList, IncidentList, ReleaseList, WebhookList } from "./_components/attention-lists";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Needs attention" };

/** What was checked and found quiet, so a short page is not mistaken for a broken one. */
function quietParts(a: Attention): string[] {
  return [
    a.incidents.length === 0 && "no open incidents",
    a.releases.length === 0 && "no release in progress or held",
    a.drift.length === 0 && "no drift alerts",
    a.approvals.length === 0 && "nothing waiting for your approval",
    a.webhooks !== null && a.webhooks.length === 0 && "every webhook delivering",
  ].filter((s): s is string => typeof s === "string");
}

/** Home: is anything wrong, and is anything waiting for me? Each item links to where it is handled. */
export default async function HomePage() {
  const user = await requirePageUser("models:read");
  const attention = await attentionFor(db(), user);
  const quiet = quietParts(attention);

  return (
    <>
      <PageHeader
        title="Needs attention"
        description="What is wrong or waiting for you right now, most urgent first. Each item opens the page where it is handled."
      />
      {isQuiet(attention) ? (
        <Card>
          <div data-testid="attention-quiet" className="py-4 text-center">
            <p className="text-base font-semibold text-slate-900">Nothing needs attention.</p>
            <p className="mt-1 text-sm text-slate-600">
              {quiet.join(", ").replace(/^./, (c) => c.toUpperCase())}.{" "}
              <Link href="/models" className="text-brand-700 hover:underline">
                Browse the models
              </Link>
            </p>
          </div>
        </Card>
      ) : (
        <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-2">
          <div className="space-y-6">
            {attention.incidents.length > 0 && <IncidentList incidents={attention.incidents} />}
            {attention.releases.length > 0 && <ReleaseList releases={attention.releases} />}
            {attention.webhooks && attention.webhooks.length > 0 && <WebhookList webhooks={attention.webhooks} />}
          </div>
          <div className="space-y-6">
            {attention.approvals.length > 0 && <ApprovalList approvals={attention.approvals} />}
            {attention.drift.length > 0 && <DriftList drift={attention.drift} />}
            {quiet.length > 0 && (
              <p data-testid="attention-quiet-parts" className="text-sm text-slate-500">
                Also checked: {quiet.join(", ")}.
              </p>
            )}
          </div>
        </div>
      )}
    </>
  );
}
