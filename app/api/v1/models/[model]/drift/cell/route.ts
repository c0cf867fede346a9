// GET /api/v1/models/{model}/drift/cell – one tenant × feature cell: baseline vs current bins, PSI per hour
import { apiRoute } from "@/lib/api/route";
import { runtime } from "@/lib/runtime";
import { driftCellDetail, driftCellQuerySchema } from "@/lib/drift/queries";
import { ValidationError, zodIssues } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ model: string }>({ scope: "routes:read", session: "models:read" }, async ({ params, url }) => {
  const query = driftCellQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw new ValidationError(zodIssues(query.error));
  return { body: await driftCellDetail(runtime().database, { model: params.model, ...query.data }) };
});
