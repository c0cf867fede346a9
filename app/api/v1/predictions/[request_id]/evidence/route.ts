// GET /api/v1/predictions/{request_id}/evidence – the evidence chain behind a prediction
import { handle } from "@/lib/api/handle";
import { getPredictionEvidenceRoute } from "@/lib/provenance/contracts";
import { predictionEvidence } from "@/lib/provenance/server";
import { runtime } from "@/lib/runtime";
import { getPrediction } from "@/lib/telemetry/queries";

export const dynamic = "force-dynamic";

export const GET = handle(getPredictionEvidenceRoute, async ({ params, query }) => {
  const { database } = runtime();
  const stored = await getPrediction(database, params.request_id);
  return { body: await predictionEvidence(database, { requestId: params.request_id, ...query }, stored) };
});
