// PUT /api/v1/models/{model}/pins/{tenant} – pin a tenant to a version (wins over the split); DELETE – unpin it
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { pinTenantRoute, unpinTenantRoute } from "@/lib/rollout/contracts";
import { etag, ifMatchOf } from "@/lib/rollout/http";
import { pinTenant, unpinTenant } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

export const PUT = handle(pinTenantRoute, async ({ req, params, body, actor, requestId }) => {
  const ifMatchEpoch = ifMatchOf(req);
  const result = await pinTenant(db(), actor, { modelKey: params.model, tenant: params.tenant, ...body, ifMatchEpoch, requestId });
  return { body: result, headers: etag(result.epoch) };
});

export const DELETE = handle(unpinTenantRoute, async ({ req, params, body, actor, requestId }) => {
  const ifMatchEpoch = ifMatchOf(req);
  const result = await unpinTenant(db(), actor, {
    modelKey: params.model,
    tenant: params.tenant,
    reason: body.reason,
    ifMatchEpoch,
    requestId,
  });
  return { body: result, headers: etag(result.epoch) };
});
