// POST /api/v1/otlp/v1/traces – OTLP/HTTP trace export (protobuf or JSON, gzip) → prediction events
import { handle } from "@/lib/api/handle";
import { runtime } from "@/lib/runtime";
import { telemetryConfig } from "@/lib/telemetry/config";
import { otlpTracesRoute } from "@/lib/telemetry/contracts";
import { ingestOtlpTraces, otlpResponse } from "@/lib/telemetry/otlp/http";

export const dynamic = "force-dynamic";

export const POST = handle(otlpTracesRoute, async ({ req, actor, requestId }) =>
  otlpResponse(await ingestOtlpTraces(runtime().database, actor, req, { retentionDays: telemetryConfig().retentionDays }), requestId),
);
