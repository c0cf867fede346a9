// POST /api/v1/models/{model}/replay-sets – freeze a named replay set; GET – the model's sets
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { freezeReplaySetRoute, listReplaySetsRoute } from "@/lib/replay/contracts";
import { freezeReplaySet, listReplaySets } from "@/lib/replay/server";

export const dynamic = "force-dynamic";

export const POST = handle(freezeReplaySetRoute, async ({ params, body, actor, requestId }) => ({
  status: 201,
  body: await freezeReplaySet(db(), actor, { model: params.model, body, requestId }),
}));

export const GET = handle(listReplaySetsRoute, async ({ params }) => ({ body: { sets: await listReplaySets(db(), params.model) } }));
