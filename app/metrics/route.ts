// GET /metrics – Prometheus text exposition (token metrics:read, or open with ROLLGATE_METRICS_PUBLIC=true)
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { metricsRoute } from "@/lib/metrics/contracts";
import { metricsText } from "@/lib/metrics/exposition";
import { EXPOSITION_CONTENT_TYPE } from "@/lib/metrics/registry";

export const dynamic = "force-dynamic";

async function exposition(requestId: string): Promise<Response> {
  return new Response(await metricsText(db()), {
    headers: { "content-type": EXPOSITION_CONTENT_TYPE, "cache-control": "no-store", "x-request-id": requestId },
  });
}

const guarded = handle(metricsRoute, async ({ requestId }) => exposition(requestId));
const open = handle({ ...metricsRoute, access: { public: true } }, async ({ requestId }) => exposition(requestId));

export async function GET(req: Request, ctx: { params: Promise<Record<string, never>> }): Promise<Response> {
  return env().metricsPublic ? open(req, ctx) : guarded(req, ctx);
}
