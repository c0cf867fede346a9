// GET /api/v1/models/{model}/diff?from=&to= – structural manifest diff between two versions
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { diffVersionsRoute } from "@/lib/registry/contracts";
import { getDiff } from "@/lib/registry/queries";

export const dynamic = "force-dynamic";

export const GET = handle(diffVersionsRoute, async ({ params, query }) => ({
  body: await getDiff(db(), params.model, query.from, query.to),
}));
