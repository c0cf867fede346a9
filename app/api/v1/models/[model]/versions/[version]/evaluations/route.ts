// POST /api/v1/models/{model}/versions/{version}/evaluations – attach an evaluation and apply the model's gates; GET – list them
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { listEvaluationsRoute, recordEvaluationRoute } from "@/lib/lifecycle/contracts";
import { listEvaluations } from "@/lib/lifecycle/queries";
import { recordEvaluation } from "@/lib/lifecycle/service";

export const dynamic = "force-dynamic";

export const POST = handle(recordEvaluationRoute, async ({ params, body, actor, requestId }) =>
  recordEvaluation(db(), actor, { modelKey: params.model, version: params.version, ...body, requestId }),
);

export const GET = handle(listEvaluationsRoute, async ({ params }) => ({
  body: await listEvaluations(db(), params.model, params.version),
}));
