// POST /api/v1/replay/erasures – erase a tenant's replay data (captured requests and set items), audited
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { eraseTenantRoute } from "@/lib/replay/contracts";
import { eraseTenant } from "@/lib/replay/server";

export const dynamic = "force-dynamic";

export const POST = handle(eraseTenantRoute, async ({ body, actor, requestId }) => ({
  body: await eraseTenant(db(), actor, { body, requestId }),
}));
