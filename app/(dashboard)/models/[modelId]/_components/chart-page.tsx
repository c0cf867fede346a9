import { notFound } from "next/navigation";
import { RangePicker } from "@/components/charts/range-picker";
import type { SearchParams } from "@/components/ui/table-params";
import { roleCan } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { releasePointers } from "@/lib/lifecycle/page-queries";
import { qualityMetricsOf } from "@/lib/registry/quality-metrics";
import { getModel } from "@/lib/registry/queries";
import { parseChartRange, rangeAtNow, rangeId } from "@/lib/telemetry/chart-range";
import { ModelHeader } from "./model-header";

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/**
 * What the Metrics and Tenants tabs both read from the request: the signed-in reader, the model
 * and its pointers (404 when unknown), the quality metric each version names, the range and the `tenant` / `version` filters.
 */
export async function loadChartPage(params: Promise<{ modelId: string }>, searchParams: Promise<SearchParams>) {
  const user = await requirePageUser("models:read");
  const [{ modelId }, query] = await Promise.all([params, searchParams]);
  const [model, pointers, qualityMetrics] = await Promise.all([
    getModel(db(), modelId),
    releasePointers(db(), modelId),
    qualityMetricsOf(db(), modelId),
  ]);
  if (!model) notFound();
  const range = parseChartRange(query);
  const tenant = one(query.tenant);
  const version = one(query.version);
  const { from, to } = rangeAtNow(range);
  return { user, model, pointers, qualityMetrics, range, rangeKey: rangeId(range), from, to, tenant, version };
}

type ChartPage = Awaited<ReturnType<typeof loadChartPage>>;

/** The model header and the range picker, which keeps the page's filters when the range changes. */
export function ChartPageHeader({ page, tab }: { page: ChartPage; tab: "metrics" | "tenants" }) {
  const { user, model, pointers, range, tenant, version } = page;
  const keep: Record<string, string> = { ...(tenant ? { tenant } : {}), ...(version ? { version } : {}) };
  return (
    <>
      <ModelHeader model={model} pointers={pointers} tab={tab} showSettings={roleCan(user.role, "policy:edit")} />
      <RangePicker basePath={`/models/${encodeURIComponent(model.key)}/${tab}`} range={range} keep={keep} issue={range.issue?.message} />
    </>
  );
}
