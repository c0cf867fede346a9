// GET /api/v1/incidents/{id} – one incident with its notes and the model's timeline since the rollout started
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getIncidentRoute } from "@/lib/rollout/contracts";
import { getIncident } from "@/lib/rollout/incidents";

export const dynamic = "force-dynamic";

export const GET = handle(getIncidentRoute, async ({ params }) => {
  const incident = await getIncident(db(), params.id);
  if (!incident) throw new NotFoundError(`There is no incident ${params.id}.`);
  return { body: incident };
});
