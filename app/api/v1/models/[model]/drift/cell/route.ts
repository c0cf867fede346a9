// GET /api/v1/models/{model}/drift/cell – one tenant × feature cell: baseline vs current bins, PSI per hour
import { handle } from "@/lib/api/handle";
import { globalDatabase } from "@/lib/database/global";
import { getDriftCellRoute } from "@/lib/drift/contracts";
import { driftCellDetail } from "@/lib/drift/queries";

export const dynamic = "force-dynamic";

export const GET = handle(getDriftCellRoute, async ({ params, query }) => ({
  body: await driftCellDetail(globalDatabase(), { model: params.model, ...query }),
}));
