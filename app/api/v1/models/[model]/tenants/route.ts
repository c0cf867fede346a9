// GET /api/v1/models/{model}/tenants – requests, error rate, p95 and quality per tenant × version, worst first
import { handle } from "@/lib/api/handle";
import { globalDatabase } from "@/lib/database/global";
import { getTenantTableRoute } from "@/lib/telemetry/contracts";
import { tenantTable } from "@/lib/telemetry/tenant-table";

export const dynamic = "force-dynamic";

export const GET = handle(getTenantTableRoute, async ({ params, query }) => ({
  body: await tenantTable(globalDatabase(), { model: params.model, ...query }),
}));
