// POST /api/v1/models/{model}/versions – register a version from a JSON or YAML manifest; GET – list them
import { readBody } from "@/lib/api/body";
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { listVersionsRoute, MAX_MANIFEST_BYTES, registerVersionRoute } from "@/lib/registry/contracts";
import { listVersions } from "@/lib/registry/queries";
import { registerVersion } from "@/lib/registry/service";

export const dynamic = "force-dynamic";

export const POST = handle(registerVersionRoute, async ({ req, params, query, actor, requestId }) => {
  const text = await readBody(req, MAX_MANIFEST_BYTES);
  return registerVersion(db(), actor, {
    modelKey: params.model,
    text,
    contentType: req.headers.get("content-type"),
    dryRun: query.dry_run,
    requestId,
  });
});

export const GET = handle(listVersionsRoute, async ({ params, query }) => {
  const list = await listVersions(db(), params.model, query);
  return { body: { model: params.model, versions: list.rows, total: list.total, page: list.page, pageSize: list.pageSize } };
});
