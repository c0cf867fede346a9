// GET /api/v1/models/{model}/metrics – per-version series {t, count, error_rate, p50, p95, p99, quality, cost, …}
import { handle } from "@/lib/api/handle";
import { runtime } from "@/lib/runtime";
import { metricsApiBody } from "@/lib/telemetry/api";
import { getMetricsRoute } from "@/lib/telemetry/contracts";
import { metricsSeries } from "@/lib/telemetry/queries";

export const dynamic = "force-dynamic";

export const GET = handle(getMetricsRoute, async ({ params, query }) => {
  const series = await metricsSeries(runtime().database, { model: params.model, ...query });
  return { body: metricsApiBody(series) };
});
