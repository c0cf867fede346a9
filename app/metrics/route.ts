// GET /metrics – Prometheus text exposition (token metrics:read). With ROLLGATE_METRICS_PUBLIC=true
// server.ts answers it without a token before Next.js sees the request.
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { metricsRoute } from "@/lib/metrics/contracts";
import { metricsResponse } from "@/lib/metrics/exposition";

export const dynamic = "force-dynamic";

export const GET = handle(metricsRoute, async ({ requestId }) => metricsResponse(db(), requestId));
