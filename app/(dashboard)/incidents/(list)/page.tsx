import type { Metadata } from "next";
import Link from "next/link";
import { FilterLinks } from "@/components/ui/filter-links";
import { incidentsHref } from "@/components/release/hrefs";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import type { SearchParams } from "@/components/ui/table-params";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { listIncidents } from "@/lib/rollout/incidents";
import { IncidentsTable } from "../_components/incidents-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidents" };

const LIMIT = 200;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageUser("models:read");
  const params = await searchParams;
  const statusParam = one(params.status);
  const status = statusParam === "open" || statusParam === "closed" ? statusParam : undefined;
  const model = one(params.model)?.trim() || undefined;
  const rows = await listIncidents(db(), { status, model, limit: LIMIT });
  // open first (on-call works on those), each group newest first as the query gives them
  const sorted = [...rows.filter((r) => r.status === "open"), ...rows.filter((r) => r.status !== "open")];
  const open = rows.filter((r) => r.status === "open").length;

  const filters: { label: string; status?: "open" | "closed" }[] = [
    { label: "All" },
    { label: "Open", status: "open" },
    { label: "Closed", status: "closed" },
  ];

  return (
    <>
      <PageHeader
        title="Incidents"
        description="Every rollback opens one: which versions, who or what triggered it, and why. On-call adds notes, the root cause and a prevention task, then closes it."
        meta={
          status !== "closed" ? (
            <span data-testid="open-incidents">
              {open} open{rows.length === LIMIT ? " among the latest 200" : ""}
            </span>
          ) : undefined
        }
      />
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <FilterLinks
          label="Incident status"
          links={filters.map((f) => ({
            key: f.label,
            label: f.label,
            href: incidentsHref({ status: f.status, model }),
            current: f.status === status,
          }))}
        />
        {model && (
          <span className="text-sm text-slate-600">
            Model <code className="font-mono text-[13px] text-slate-800">{model}</code>{" "}
            <Link href={incidentsHref({ status })} className="text-brand-700 hover:underline">
              (show every model)
            </Link>
          </span>
        )}
      </div>
      {sorted.length === 0 ? (
        <EmptyState title={status === "open" ? "No open incidents" : "No incidents"}>
          An incident opens with every rollback — from the release page, the API (
          <code className="font-mono text-[13px]">POST /api/v1/models/&#123;model&#125;/release/rollback</code>) or a guardrail.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <IncidentsTable rows={sorted} />
        </div>
      )}
    </>
  );
}
