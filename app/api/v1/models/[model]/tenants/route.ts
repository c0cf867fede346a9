// GET /api/v1/models/{model}/tenants – requests, error rate, p95 and quality per tenant × version, worst first
import { apiRoute } from "@/lib/api/route";
import { runtime } from "@/lib/runtime";
import { ValidationError, zodIssues } from "@/lib/errors";
import { tenantsQuerySchema } from "@/lib/telemetry/queries";
import { tenantTable } from "@/lib/telemetry/tenant-table";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ model: string }>({ scope: "routes:read", session: "models:read" }, async ({ params, url }) => {
  const query = tenantsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw new ValidationError(zodIssues(query.error));
  return { body: await tenantTable(runtime().database, { model: params.model, ...query.data }) };
});
