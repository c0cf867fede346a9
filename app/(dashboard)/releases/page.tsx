import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listReleases } from "@/lib/rollout/queries";
import { ReleasesTable } from "./_components/releases-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Releases" };

export default async function ReleasesPage() {
  await requirePageUser("models:read");
  const releases = await listReleases(db());
  const running = releases.filter((r) => r.inProgress).length;
  const incidents = releases.reduce((n, r) => n + r.openIncidents, 0);

  return (
    <>
      <PageHeader
        title="Releases"
        description="Every model's production release at a glance: what serves, what is rolling out and at which share of traffic. Rollouts in progress come first; open one to advance, pause or roll it back."
        meta={
          releases.length > 0 ? (
            <>
              <span data-testid="rollouts-in-progress">
                {running} {running === 1 ? "rollout" : "rollouts"} in progress
              </span>
              {incidents > 0 && (
                <span className="text-red-700">
                  {incidents} open {incidents === 1 ? "incident" : "incidents"}
                </span>
              )}
            </>
          ) : undefined
        }
      />
      {releases.length === 0 ? (
        <EmptyState title="No models yet">
          A model appears here with its first registered version; its release starts when a version is approved for production.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <ReleasesTable rows={releases} />
        </div>
      )}
    </>
  );
}
