// POST /api/v1/models/{model}/release/rollback – put traffic back on the last good version (or `to_version`) and open an incident
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { rollbackRoute } from "@/lib/rollout/contracts";
import { etag, ifMatchOf } from "@/lib/rollout/http";
import { rollback } from "@/lib/rollout/service";

export const dynamic = "force-dynamic";

// 200 {epoch, stable, rolledBackFrom, incidentId, …}; 409 when nothing can be rolled back or the
// release moved meanwhile; 412 when If-Match names an epoch the release has left; 422 without a reason.
export const POST = handle(rollbackRoute, async ({ req, params, body, actor, requestId }) => {
  const ifMatchEpoch = ifMatchOf(req);
  const result = await rollback(db(), actor, {
    modelKey: params.model,
    reason: body.reason,
    toVersion: body.to_version ?? null,
    ifMatchEpoch,
    requestId,
  });
  return { body: result, headers: etag(result.epoch) };
});
