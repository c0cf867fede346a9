// POST /api/v1/telemetry – record a batch of prediction events (202 {accepted, duplicates, rejected})
import { handle } from "@/lib/api/handle";
import { runtime } from "@/lib/runtime";
import { telemetryConfig } from "@/lib/telemetry/config";
import { ingestTelemetryRoute } from "@/lib/telemetry/contracts";
import { ingestRequest } from "@/lib/telemetry/http";

export const dynamic = "force-dynamic";

export const POST = handle(ingestTelemetryRoute, async ({ req, actor }) =>
  ingestRequest(runtime().database, actor, req, { retentionDays: telemetryConfig().retentionDays }),
);
