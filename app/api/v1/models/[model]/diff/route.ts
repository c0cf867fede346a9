// GET /api/v1/models/{model}/diff?from=&to= – structural manifest diff between two versions
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { ValidationError, zodIssues } from "@/lib/errors";
import { diffQuerySchema, getDiff } from "@/lib/registry/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ model: string }>({ scope: "routes:read", session: "models:read" }, async ({ params, url }) => {
  const query = diffQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw new ValidationError(zodIssues(query.error));
  return { body: await getDiff(db(), params.model, query.data.from, query.data.to) };
});
