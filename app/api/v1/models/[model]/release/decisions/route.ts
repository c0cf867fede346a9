// GET /api/v1/models/{model}/release/decisions – the guardrail decisions of the production release, newest first
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { listGuardrailDecisionsRoute } from "@/lib/guardrails/contracts";
import { listDecisions } from "@/lib/guardrails/queries";

export const dynamic = "force-dynamic";

export const GET = handle(listGuardrailDecisionsRoute, async ({ params, query }) => ({
  body: { decisions: await listDecisions(db(), params.model, { limit: query.limit }) },
}));
