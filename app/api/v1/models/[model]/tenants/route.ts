// GET /api/v1/models/{model}/tenants – requests, error rate, p95 and quality per tenant × version, worst first
import { handle } from "@/lib/api/handle";
import { runtime } from "@/lib/runtime";
import { getTenantTableRoute } from "@/lib/telemetry/contracts";
import { tenantTable } from "@/lib/telemetry/tenant-table";

export const dynamic = "force-dynamic";

export const GET = handle(getTenantTableRoute, async ({ params, query }) => ({
  body: await tenantTable(runtime().database, { model: params.model, ...query }),
}));
