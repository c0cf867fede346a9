// POST /api/v1/models/{model}/versions/{version}/evaluations – attach an evaluation and apply the model's gates; GET – list them
import { apiRoute, readJson } from "@/lib/api/route";
import { db } from "@/lib/db";
import { listEvaluations } from "@/lib/lifecycle/queries";
import { evaluationBodySchema } from "@/lib/lifecycle/schemas";
import { parseOrThrow } from "@/lib/input/validate";
import { recordEvaluation } from "@/lib/lifecycle/service";

export const dynamic = "force-dynamic";

// Metrics are a few hundred bytes; replay results may carry per-case details.
const MAX_EVALUATION_BYTES = 1024 * 1024;

type Params = { model: string; version: string };

export const POST = apiRoute<Params>({ scope: "registry:write" }, async ({ req, params, actor, requestId }) => {
  const body = parseOrThrow(evaluationBodySchema, await readJson(req, MAX_EVALUATION_BYTES));
  return recordEvaluation(db(), actor, { modelKey: params.model, version: params.version, ...body, requestId });
});

export const GET = apiRoute<Params>({ scope: "routes:read", session: "models:read" }, async ({ params }) => {
  return { body: await listEvaluations(db(), params.model, params.version) };
});
