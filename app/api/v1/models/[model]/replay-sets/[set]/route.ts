// GET /api/v1/models/{model}/replay-sets/{set} – one replay set by id or name, with a note when items were erased
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { erasureNote } from "@/lib/replay";
import { getReplaySetRoute } from "@/lib/replay/contracts";
import { getReplaySet } from "@/lib/replay/server";

export const dynamic = "force-dynamic";

export const GET = handle(getReplaySetRoute, async ({ params }) => {
  const { modelId: _modelId, ...set } = await getReplaySet(db(), params.model, params.set);
  return { body: { set, note: erasureNote(set) } };
});
