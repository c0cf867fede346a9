import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { modelHref } from "@/components/registry/hrefs";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Pagination } from "@/components/ui/pagination";
import { pageInfo, parsePagination, parseSort, type SearchParams } from "@/components/ui/table-params";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { modelPolicyView, releasePointers } from "@/lib/lifecycle/page-queries";
import { VERSION_SORT_KEYS } from "@/lib/registry/contracts";
import { getModel, listVersions } from "@/lib/registry/queries";
import { listReplaySets } from "@/lib/replay/server";
import { EvidenceExport } from "../_components/evidence-export";
import { ModelHeader } from "../_components/model-header";
import { PolicySummary } from "../_components/policy-summary";
import { REPLAY_SETS_SHOWN, ReplaySets } from "../_components/replay-sets";
import { VersionsTable } from "../_components/versions-table";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }>; searchParams: Promise<SearchParams> };

// The API caps a versions page at 100; 25 is its default.
const PAGE_SIZES = [25, 50, 100] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: modelId };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const user = await requirePageUser("models:read");
  const [{ modelId }, query] = await Promise.all([params, searchParams]);
  const [model, pointers, policy] = await Promise.all([
    getModel(db(), modelId),
    releasePointers(db(), modelId),
    modelPolicyView(db(), modelId),
  ]);
  if (!model || !policy) notFound();

  const sort = parseSort(query, VERSION_SORT_KEYS, { sort: "createdAt", dir: "desc" });
  const { page, pageSize } = parsePagination(query, { defaultPageSize: 25, sizes: PAGE_SIZES });
  // A page past the end (a shared link after versions were archived) shows the last page.
  const info = pageInfo(page, pageSize, model.versionCount);
  const versions = await listVersions(db(), model.key, { sort: sort.sort, dir: sort.dir, page: info.page, pageSize });
  const replaySets = await listReplaySets(db(), model.key);
  const pathname = modelHref(model.key);
  const canEditPolicy = roleCan(user.role, "policy:edit");
  const canExportEvidence = roleCan(user.role, "evidence:export");

  return (
    <>
      <ModelHeader model={model} pointers={pointers} tab="versions" showSettings={canEditPolicy} />
      <PolicySummary view={policy} canEdit={canEditPolicy} />
      {model.versionCount === 0 ? (
        <EmptyState title="No versions yet" code={`npx rollgate register manifest.yaml   # model_id: ${model.key}`}>
          Register a version from CI; it appears here as DEV until it passes its evaluation gates.
        </EmptyState>
      ) : (
        <Card title="Versions" description="Versions never change after registration: a new manifest is a new version." flush>
          <VersionsTable model={model.key} rows={versions.rows} sort={sort} pathname={pathname} searchParams={query} now={pointers.asOf} />
          <Pagination
            pathname={pathname}
            searchParams={query}
            page={info.page}
            pageSize={pageSize}
            total={versions.total}
            pageSizes={PAGE_SIZES}
            itemLabel={versions.total === 1 ? "version" : "versions"}
            className="border-t border-slate-200"
          />
        </Card>
      )}
      {replaySets.length > 0 && <ReplaySets sets={replaySets.slice(0, REPLAY_SETS_SHOWN)} total={replaySets.length} />}
      {canExportEvidence && <EvidenceExport model={model.key} now={pointers.asOf} />}
    </>
  );
}
