// GET /api/v1/incidents/{id} – one incident with its notes and the model's timeline since the rollout started
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getIncident } from "@/lib/rollout/incidents";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ id: string }>({ scope: "audit:read", session: "models:read" }, async ({ params }) => {
  const incident = await getIncident(db(), params.id);
  if (!incident) throw new NotFoundError(`There is no incident ${params.id}.`);
  return { body: incident };
});
