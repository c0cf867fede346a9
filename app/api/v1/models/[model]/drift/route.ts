// GET /api/v1/models/{model}/drift – the tenant × feature drift heatmap (PSI / JS / KS per cell, worst first)
import { handle } from "@/lib/api/handle";
import { runtime } from "@/lib/runtime";
import { getDriftRoute } from "@/lib/drift/contracts";
import { driftHeatmap } from "@/lib/drift/queries";

export const dynamic = "force-dynamic";

export const GET = handle(getDriftRoute, async ({ params, query }) => ({
  body: await driftHeatmap(runtime().database, { model: params.model, ...query }),
}));
