import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { QueryProvider } from "@/components/providers/query-provider";
import type { SearchParams } from "@/components/ui/table-params";
import { runtime } from "@/lib/runtime";
import { makeQueryClient } from "@/lib/query";
import { metricsApiBody } from "@/lib/telemetry/api";
import { telemetryKeys } from "@/lib/telemetry/chart-queries";
import { rangeQuery } from "@/lib/telemetry/chart-range";
import { metricsSeries } from "@/lib/telemetry/queries";
import { tenantTable } from "@/lib/telemetry/tenant-table";
import { ChartPageHeader, loadChartPage } from "../_components/chart-page";
import { TenantsLive } from "./_components/tenants-live";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: `${modelId} tenants` };
}

/**
 * The product owner's view: every tenant × version, worst first, and with `?tenant=` that
 * tenant's own chart. The server renders the first data into the query cache; the browser
 * keeps polling the same API routes.
 */
export default async function TenantsPage({ params, searchParams }: Props) {
  const page = await loadChartPage(params, searchParams);
  const { model, pointers, range, rangeKey: id, from, to, tenant, version } = page;

  const queryClient = makeQueryClient();
  const [table, series] = await Promise.all([
    tenantTable(runtime().database, { model: model.key, from, to, version }),
    tenant ? metricsSeries(runtime().database, { model: model.key, from, to, tenant }) : null,
  ]);
  queryClient.setQueryData(telemetryKeys.tenants(model.key, id, { version }), table);
  if (tenant && series) queryClient.setQueryData(telemetryKeys.metrics(model.key, id, { tenant }), metricsApiBody(series));

  return (
    <>
      <ChartPageHeader page={page} tab="tenants" />
      <QueryProvider>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <TenantsLive
            modelKey={model.key}
            range={range}
            rangeParams={rangeQuery(range)}
            tenant={tenant ?? null}
            version={version ?? null}
            stable={pointers.stableVersion}
            candidate={pointers.candidateVersion}
            qualityMetrics={page.qualityMetrics}
          />
        </HydrationBoundary>
      </QueryProvider>
    </>
  );
}
