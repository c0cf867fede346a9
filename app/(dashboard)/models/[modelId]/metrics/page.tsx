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
import { ChartPageHeader, loadChartPage } from "../_components/chart-page";
import { MetricsLive } from "./_components/metrics-live";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: `${modelId} metrics` };
}

/**
 * The model's health per version over a range: latency, errors by class, quality, safety
 * flags, cost and tokens, then the traffic share. Server-rendered into the query cache, then
 * polled from the metrics API while the page is open.
 */
export default async function MetricsPage({ params, searchParams }: Props) {
  const page = await loadChartPage(params, searchParams);
  const { model, pointers, range, rangeKey: id, from, to, tenant, version } = page;

  const queryClient = makeQueryClient();
  const series = await metricsSeries(runtime().database, { model: model.key, from, to, tenant });
  queryClient.setQueryData(telemetryKeys.metrics(model.key, id, { tenant }), metricsApiBody(series));

  return (
    <>
      <ChartPageHeader page={page} tab="metrics" />
      <QueryProvider>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <MetricsLive
            modelKey={model.key}
            range={range}
            rangeParams={rangeQuery(range)}
            tenant={tenant ?? null}
            version={version ?? null}
            stable={pointers.stableVersion}
            qualityMetrics={page.qualityMetrics}
            candidate={pointers.candidateVersion}
          />
        </HydrationBoundary>
      </QueryProvider>
    </>
  );
}
