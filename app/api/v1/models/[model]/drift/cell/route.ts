// GET /api/v1/models/{model}/drift/cell – one tenant × feature cell: baseline vs current bins, PSI per hour
import { handle } from "@/lib/api/handle";
import { runtime } from "@/lib/runtime";
import { getDriftCellRoute } from "@/lib/drift/contracts";
import { driftCellDetail } from "@/lib/drift/queries";

export const dynamic = "force-dynamic";

export const GET = handle(getDriftCellRoute, async ({ params, query }) => ({
  body: await driftCellDetail(runtime().database, { model: params.model, ...query }),
}));
