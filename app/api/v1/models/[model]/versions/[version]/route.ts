// GET /api/v1/models/{model}/versions/{version} – one version: stage, manifest, hash, evaluations, approvals, lineage
import { apiRoute } from "@/lib/api/route";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { getVersion } from "@/lib/registry/queries";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ model: string; version: string }>(
  { scope: "routes:read", session: "models:read" },
  async ({ params }) => {
    const version = await getVersion(db(), params.model, params.version);
    if (!version) throw new NotFoundError(`Model "${params.model}" has no version ${params.version}.`);
    return { body: version };
  },
);
