// GET /api/v1/models/{model}/drift – the tenant × feature drift heatmap (PSI / JS / KS per cell, worst first)
import { apiRoute } from "@/lib/api/route";
import { runtime } from "@/lib/runtime";
import { driftHeatmap, driftQuerySchema } from "@/lib/drift/queries";
import { ValidationError, zodIssues } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ model: string }>({ scope: "routes:read", session: "models:read" }, async ({ params, url }) => {
  const query = driftQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw new ValidationError(zodIssues(query.error));
  return { body: await driftHeatmap(runtime().database, { model: params.model, ...query.data }) };
});
