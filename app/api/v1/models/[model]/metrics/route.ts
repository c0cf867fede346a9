// GET /api/v1/models/{model}/metrics – per-version series {t, count, error_rate, p50, p95, p99, quality, cost, …}
import { apiRoute } from "@/lib/api/route";
import { runtime } from "@/lib/runtime";
import { ValidationError, zodIssues } from "@/lib/errors";
import { metricsApiBody } from "@/lib/telemetry/api";
import { metricsQuerySchema, metricsSeries } from "@/lib/telemetry/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ model: string }>({ scope: "routes:read", session: "models:read" }, async ({ params, url }) => {
  const query = metricsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw new ValidationError(zodIssues(query.error));
  const series = await metricsSeries(runtime().database, { model: params.model, ...query.data });
  return { body: metricsApiBody(series) };
});
