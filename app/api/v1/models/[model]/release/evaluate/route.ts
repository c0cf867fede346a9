// POST /api/v1/models/{model}/release/evaluate – run the guardrails on this release now and
// return the decision (moves, if any, are made by the "guardrail" actor as on its own pass).
// Tokens need release:write; signed-in users must be admins.
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { evaluateNowBody } from "@/lib/guardrails/api";
import { evaluateGuardrailsRoute } from "@/lib/guardrails/contracts";
import { evaluateModelNow } from "@/lib/guardrails/queries";

export const dynamic = "force-dynamic";

export const POST = handle(evaluateGuardrailsRoute, async ({ params }) => ({
  body: evaluateNowBody(await evaluateModelNow(db(), params.model)),
}));
