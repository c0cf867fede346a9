import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RangePicker } from "@/components/charts/range-picker";
import { QueryProvider } from "@/components/providers/query-provider";
import type { SearchParams } from "@/components/ui/table-params";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { globalDatabase } from "@/lib/database/global";
import { db } from "@/lib/db";
import { releasePointers } from "@/lib/lifecycle/page-queries";
import { makeQueryClient } from "@/lib/query";
import { getModel } from "@/lib/registry/queries";
import { metricsApiBody } from "@/lib/telemetry/api";
import { telemetryKeys } from "@/lib/telemetry/chart-queries";
import { parseChartRange, rangeAtNow, rangeId, rangeQuery } from "@/lib/telemetry/chart-range";
import { metricsSeries } from "@/lib/telemetry/queries";
import { ModelHeader } from "../_components/model-header";
import { MetricsLive } from "./_components/metrics-live";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ modelId: string }>; searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { modelId } = await params;
  return { title: `${modelId} metrics` };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/**
 * The model's health per version over a range: latency, errors by class, quality, safety
 * flags, cost and tokens, then the traffic share. Server-rendered into the query cache, then
 * polled from the metrics API while the page is open.
 */
export default async function MetricsPage({ params, searchParams }: Props) {
  const user = await requirePageUser("models:read");
  const [{ modelId }, query] = await Promise.all([params, searchParams]);
  const [model, pointers] = await Promise.all([getModel(db(), modelId), releasePointers(db(), modelId)]);
  if (!model) notFound();
  const range = parseChartRange(query);
  const tenant = one(query.tenant);
  const version = one(query.version);
  const { from, to } = rangeAtNow(range);
  const id = rangeId(range);

  const queryClient = makeQueryClient();
  const series = await metricsSeries(globalDatabase(), { model: model.key, from, to, tenant });
  queryClient.setQueryData(telemetryKeys.metrics(model.key, id, { tenant }), metricsApiBody(series));
  const keep: Record<string, string> = { ...(tenant ? { tenant } : {}), ...(version ? { version } : {}) };

  return (
    <>
      <ModelHeader model={model} pointers={pointers} tab="metrics" showSettings={roleCan(user.role, "policy:edit")} />
      <RangePicker basePath={`/models/${encodeURIComponent(model.key)}/metrics`} range={range} keep={keep} issue={range.issue?.message} />
      <QueryProvider>
        <HydrationBoundary state={dehydrate(queryClient)}>
          <MetricsLive
            modelKey={model.key}
            range={range}
            rangeParams={rangeQuery(range)}
            tenant={tenant ?? null}
            version={version ?? null}
            stable={pointers.stableVersion}
            candidate={pointers.candidateVersion}
          />
        </HydrationBoundary>
      </QueryProvider>
    </>
  );
}
