// GET /api/v1/predictions/{request_id} – which model version produced this request's prediction
import { handle } from "@/lib/api/handle";
import { runtime } from "@/lib/runtime";
import { NotFoundError } from "@/lib/errors";
import { telemetryConfig } from "@/lib/telemetry/config";
import { getPredictionRoute } from "@/lib/telemetry/contracts";
import { getPrediction } from "@/lib/telemetry/queries";

export const dynamic = "force-dynamic";

export const GET = handle(getPredictionRoute, async ({ params }) => {
  const prediction = await getPrediction(runtime().database, params.request_id);
  if (!prediction) {
    throw new NotFoundError(
      `No prediction with request id "${params.request_id}" is recorded (predictions are kept for ${telemetryConfig().retentionDays} days).`,
    );
  }
  return { body: prediction };
});
