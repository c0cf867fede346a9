// PUT /api/v1/models/{model}/pins/{tenant} – pin a tenant to a version (wins over the split); DELETE – unpin it
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { parseOrThrow } from "@/lib/input/validate";
import { etag, ifMatchOf, readOptionalJson } from "@/lib/rollout/http";
import { pinBodySchema, unpinBodySchema } from "@/lib/rollout/schemas";
import { pinTenant, unpinTenant } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

type Params = { model: string; tenant: string };

export const PUT = apiRoute<Params>({ scope: "release:write" }, async ({ req, params, actor, requestId }) => {
  const ifMatchEpoch = ifMatchOf(req);
  const body = parseOrThrow(pinBodySchema, await readOptionalJson(req));
  const result = await pinTenant(db(), actor, { modelKey: params.model, tenant: params.tenant, ...body, ifMatchEpoch, requestId });
  return { body: result, headers: etag(result.epoch) };
});

export const DELETE = apiRoute<Params>({ scope: "release:write" }, async ({ req, params, actor, requestId }) => {
  const ifMatchEpoch = ifMatchOf(req);
  const body = parseOrThrow(unpinBodySchema, await readOptionalJson(req));
  const result = await unpinTenant(db(), actor, { modelKey: params.model, tenant: params.tenant, reason: body.reason, ifMatchEpoch, requestId });
  return { body: result, headers: etag(result.epoch) };
});
