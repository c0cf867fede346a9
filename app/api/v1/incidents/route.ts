// GET /api/v1/incidents – incidents opened by rollbacks, newest first (?model=&status=open|closed&limit=)
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { listIncidentsRoute } from "@/lib/rollout/contracts";
import { listIncidents } from "@/lib/rollout/incidents";

export const dynamic = "force-dynamic";

export const GET = handle(listIncidentsRoute, async ({ query }) => ({ body: { incidents: await listIncidents(db(), query) } }));
