import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { diffHref, modelHref } from "@/components/registry/hrefs";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { pageInfo, parsePagination, parseSort, type SearchParams } from "@/components/ui/table-params";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { getModel, listVersions, VERSION_SORT_KEYS } from "@/lib/registry/queries";
import { ModelSummary } from "./_components/model-summary";
import { VersionsTable } from "./_components/versions-table";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }>; searchParams: Promise<SearchParams> };

// The API caps a versions page at 100; 25 is its default.
const PAGE_SIZES = [25, 50, 100] as const;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: modelId };
}

export default async function ModelPage({ params, searchParams }: Props) {
  await requirePageUser("models:read");
  const [{ modelId }, query] = await Promise.all([params, searchParams]);
  const model = await getModel(db(), modelId);
  if (!model) notFound();

  const sort = parseSort(query, VERSION_SORT_KEYS, { sort: "createdAt", dir: "desc" });
  const { page, pageSize } = parsePagination(query, { defaultPageSize: 25, sizes: PAGE_SIZES });
  // A page past the end (a shared link after versions were archived) shows the last page.
  const info = pageInfo(page, pageSize, model.versionCount);
  const versions = await listVersions(db(), model.key, { sort: sort.sort, dir: sort.dir, page: info.page, pageSize });
  const pathname = modelHref(model.key);

  return (
    <>
      <PageHeader
        breadcrumbs={[{ label: "Models", href: "/models" }, { label: model.name || model.key }]}
        title={model.name || model.key}
        description={model.description || undefined}
        meta={
          <>
            <span className="inline-flex items-center gap-1.5">
              <span className="text-slate-500">Key</span>
              <code className="font-mono text-[13px] text-slate-800">{model.key}</code>
              <CopyButton text={model.key} label="Copy model key" />
            </span>
            <span>
              <span className="text-slate-500">Owner</span>{" "}
              {model.ownerTeam ? <span className="font-medium text-slate-800">{model.ownerTeam}</span> : "No owner set"}
            </span>
          </>
        }
        actions={
          model.versionCount > 1 ? (
            <ButtonLink href={diffHref(model.key)} variant="secondary">
              Compare versions
            </ButtonLink>
          ) : undefined
        }
      />
      <ModelSummary model={model} />
      {model.versionCount === 0 ? (
        <EmptyState title="No versions yet" code={`npx rollgate register manifest.yaml   # model_id: ${model.key}`}>
          Register a version from CI; it appears here as DEV until it passes its evaluation gates.
        </EmptyState>
      ) : (
        <Card
          title="Versions"
          description="Versions never change after registration: a new manifest is a new version."
          flush
        >
          <VersionsTable model={model.key} rows={versions.rows} sort={sort} pathname={pathname} searchParams={query} />
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
    </>
  );
}
