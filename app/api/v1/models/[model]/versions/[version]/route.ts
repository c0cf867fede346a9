// GET /api/v1/models/{model}/versions/{version} – one version: stage, manifest, hash, evaluations, approvals, lineage
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getVersionRoute } from "@/lib/registry/contracts";
import { getVersion } from "@/lib/registry/queries";

export const dynamic = "force-dynamic";

export const GET = handle(getVersionRoute, async ({ params }) => {
  const version = await getVersion(db(), params.model, params.version);
  if (!version) throw new NotFoundError(`Model "${params.model}" has no version ${params.version}.`);
  return { body: version };
});
