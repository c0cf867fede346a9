import type { Metadata } from "next";
import { headers } from "next/headers";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { pageInfo, parsePagination, parseSort, type SearchParams } from "@/components/ui/table-params";
import { MODEL_SORT_KEYS, sortModels } from "@/components/registry/model-sort";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { modelBadges } from "@/lib/attention/queries";
import { listModels } from "@/lib/registry/queries";
import { ModelsTable, type ModelRow } from "../_components/models-table";
import { RegisterFirstModel } from "../_components/register-first-model";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Models" };

const PAGE_SIZES = [20, 50, 100] as const;

/** Where this server was reached, for the ROLLGATE_URL in the empty state's command. */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "127.0.0.1:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("127.0.0.1") || host.startsWith("localhost") ? "http" : "https");
  return `${proto}://${host}`;
}

export default async function ModelsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requirePageUser("models:read");
  const params = await searchParams;
  const [models, badges] = await Promise.all([listModels(db()), modelBadges(db())]);

  if (models.length === 0) {
    return (
      <>
        <PageHeader title="Models" description="Every model in the registry, what serves production, and what is coming next." />
        <RegisterFirstModel origin={await requestOrigin()} canManageTokens={roleCan(user.role, "tokens:manage")} />
      </>
    );
  }

  const sort = parseSort(params, MODEL_SORT_KEYS, { sort: "name", dir: "asc" });
  const { page, pageSize } = parsePagination(params, { sizes: PAGE_SIZES });
  const info = pageInfo(page, pageSize, models.length);
  const visible = sortModels(models, sort.sort, sort.dir).slice(info.from - 1, info.to);
  const rows: ModelRow[] = visible.map((m) => ({ ...m, attention: badges[m.key] ?? null }));
  const inProd = models.filter((m) => m.prodVersion).length;

  return (
    <>
      <PageHeader
        title="Models"
        description="Every model in the registry, what serves production, and what is coming next."
        meta={
          <span>
            {models.length} {models.length === 1 ? "model" : "models"} · {inProd} in production
          </span>
        }
      />
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
        <ModelsTable models={rows} sort={sort} searchParams={params} />
        <Pagination
          pathname="/models"
          searchParams={params}
          page={info.page}
          pageSize={pageSize}
          total={models.length}
          pageSizes={PAGE_SIZES}
          itemLabel={models.length === 1 ? "model" : "models"}
          className="border-t border-slate-200"
        />
      </div>
    </>
  );
}
