// POST /api/v1/models/{model}/release/rollback – put traffic back on the last good version (or `to_version`) and open an incident
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { parseOrThrow } from "@/lib/input/validate";
import { etag, ifMatchOf, readOptionalJson } from "@/lib/rollout/http";
import { rollbackBodySchema } from "@/lib/rollout/schemas";
import { rollback } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

// 200 {epoch, stable, rolledBackFrom, incidentId, …}; 409 when nothing can be rolled back or the
// release moved meanwhile; 412 when If-Match names an epoch the release has left; 422 without a reason.
export const POST = apiRoute<{ model: string }>({ scope: "release:write" }, async ({ req, params, actor, requestId }) => {
  const ifMatchEpoch = ifMatchOf(req);
  const body = parseOrThrow(rollbackBodySchema, await readOptionalJson(req));
  const result = await rollback(db(), actor, {
    modelKey: params.model,
    reason: body.reason,
    toVersion: body.to_version ?? null,
    ifMatchEpoch,
    requestId,
  });
  return { body: result, headers: etag(result.epoch) };
});
