// GET /api/v1/predictions/{request_id} – which model version produced this request's prediction
import { handle } from "@/lib/api/handle";
import { runtime } from "@/lib/runtime";
import { NotFoundError } from "@/lib/errors";
import { telemetryConfig } from "@/lib/telemetry/config";
import { getPredictionRoute } from "@/lib/telemetry/contracts";
import { missingPredictionMessage, sampledOutBy } from "@/lib/telemetry/lookup";
import { getPrediction } from "@/lib/telemetry/queries";

export const dynamic = "force-dynamic";

export const GET = handle(getPredictionRoute, async ({ params, query }) => {
  const database = runtime().database;
  const prediction = await getPrediction(database, params.request_id);
  if (prediction) return { body: prediction };
  const sampled = await sampledOutBy(database, params.request_id, query.model);
  const message = missingPredictionMessage(params.request_id, telemetryConfig().retentionDays, sampled, query.model !== undefined);
  if (sampled.length === 0) throw new NotFoundError(message);
  return { status: 404, body: { error: { code: "not_found" as const, message, notStored: sampled } } };
});
