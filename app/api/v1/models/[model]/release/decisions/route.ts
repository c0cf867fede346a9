// GET /api/v1/models/{model}/release/decisions – the guardrail decisions of the production release, newest first
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { listDecisions } from "@/lib/guardrails/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ model: string }>({ scope: "routes:read", session: "models:read" }, async ({ req, params }) => {
  const limit = Number(new URL(req.url).searchParams.get("limit") ?? 20);
  return { body: { decisions: await listDecisions(db(), params.model, { limit: Number.isFinite(limit) ? limit : 20 }) } };
});
