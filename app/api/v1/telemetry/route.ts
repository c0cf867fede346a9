// POST /api/v1/telemetry – record a batch of prediction events (202 {accepted, duplicates, rejected})
import { apiRoute } from "@/lib/api/route";
import { runtime } from "@/lib/runtime";
import { telemetryConfig } from "@/lib/telemetry/config";
import { ingestRequest } from "@/lib/telemetry/http";

export const dynamic = "force-dynamic";

export const POST = apiRoute({ scope: "telemetry:write" }, async ({ req, actor }) =>
  ingestRequest(runtime().database, actor, req, { retentionDays: telemetryConfig().retentionDays }),
);
