// GET /api/v1/models/{model}/release – the production release: split, steps, pins, versions, recent moves
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { etag } from "@/lib/rollout/http";
import { getRelease } from "@/lib/rollout/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ model: string }>({ scope: "routes:read", session: "models:read" }, async ({ params }) => {
  const release = await getRelease(db(), params.model);
  if (!release) throw new NotFoundError(`Model "${params.model}" does not exist.`);
  return { body: release, headers: etag(release.epoch) };
});
