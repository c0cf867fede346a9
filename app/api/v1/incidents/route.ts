// GET /api/v1/incidents – incidents opened by rollbacks, newest first (?model=&status=open|closed&limit=)
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { parseOrThrow } from "@/lib/input/validate";
import { listIncidents } from "@/lib/rollout/incidents";
import { incidentListQuerySchema } from "@/lib/rollout/schemas";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ scope: "audit:read", session: "models:read" }, async ({ url }) => {
  const query = parseOrThrow(incidentListQuerySchema, Object.fromEntries(url.searchParams));
  return { body: { incidents: await listIncidents(db(), query) } };
});
