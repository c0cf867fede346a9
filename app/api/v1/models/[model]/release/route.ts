// GET /api/v1/models/{model}/release – the production release: split, steps, pins, versions, recent moves
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getReleaseRoute } from "@/lib/rollout/contracts";
import { etag } from "@/lib/rollout/http";
import { getRelease } from "@/lib/rollout/queries";

export const dynamic = "force-dynamic";

export const GET = handle(getReleaseRoute, async ({ params }) => {
  const release = await getRelease(db(), params.model);
  if (!release) throw new NotFoundError(`Model "${params.model}" does not exist.`);
  return { body: release, headers: etag(release.epoch) };
});
