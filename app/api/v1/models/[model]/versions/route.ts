// POST /api/v1/models/{model}/versions – register a version from a JSON or YAML manifest; GET – list them
import { apiRoute, readBody } from "@/lib/api/route";
import { db } from "@/lib/db";
import { ValidationError, zodIssues } from "@/lib/errors";
import { listVersions, versionListQuerySchema } from "@/lib/registry/queries";
import { registerQuerySchema, registerVersion } from "@/lib/registry/service";

export const dynamic = "force-dynamic";

// A manifest is a few KB; 1 MB leaves room for large feature baselines and refuses abuse.
const MAX_MANIFEST_BYTES = 1024 * 1024;

type Params = { model: string };

export const POST = apiRoute<Params>({ scope: "registry:write" }, async ({ req, params, actor, requestId, url }) => {
  const query = registerQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw new ValidationError(zodIssues(query.error));
  const text = await readBody(req, MAX_MANIFEST_BYTES);
  return registerVersion(db(), actor, {
    modelKey: params.model,
    text,
    contentType: req.headers.get("content-type"),
    dryRun: query.data.dry_run,
    requestId,
  });
});

export const GET = apiRoute<Params>({ scope: "routes:read", session: "models:read" }, async ({ params, url }) => {
  const query = versionListQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw new ValidationError(zodIssues(query.error));
  const list = await listVersions(db(), params.model, query.data);
  return { body: { model: params.model, versions: list.rows, total: list.total, page: list.page, pageSize: list.pageSize } };
});
