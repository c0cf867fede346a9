// GET /api/v1/models/{model}/policy – the policy in force, its revision (ETag) and source; PUT – apply one (policy as code)
import { readBody } from "@/lib/api/body";
import { handle } from "@/lib/api/handle";
import { db } from "@/lib/db";
import { applyPolicy, parsePolicyIfMatch, policyDocument, policyYaml } from "@/lib/lifecycle/policy-api";
import { getPolicyRoute, MAX_POLICY_BYTES, putPolicyRoute } from "@/lib/lifecycle/policy-contracts";

export const dynamic = "force-dynamic";

const etag = (revision: number) => ({ ETag: `"${revision}"` });

function wantsYaml(req: Request, format: "json" | "yaml" | undefined): boolean {
  if (format) return format === "yaml";
  const accept = req.headers.get("accept") ?? "";
  return /\b(application|text)\/(x-)?yaml\b/i.test(accept);
}

export const GET = handle(getPolicyRoute, async ({ req, params, query, requestId }) => {
  const doc = await policyDocument(db(), params.model);
  if (wantsYaml(req, query.format)) {
    return new Response(policyYaml(doc), {
      headers: {
        "content-type": "application/yaml; charset=utf-8",
        "cache-control": "no-store",
        "x-request-id": requestId,
        ...etag(doc.revision),
      },
    });
  }
  return { body: doc, headers: etag(doc.revision) };
});

export const PUT = handle(putPolicyRoute, async ({ req, params, query, actor, requestId }) => {
  const revision = parsePolicyIfMatch(req.headers.get("if-match"));
  const text = await readBody(req, MAX_POLICY_BYTES, "A policy is a few kilobytes.");
  const { waiting, ...applied } = await applyPolicy(db(), actor, {
    modelKey: params.model,
    text,
    contentType: req.headers.get("content-type"),
    revision,
    dryRun: query.dry_run,
    requestId,
  });
  return { status: waiting ? 202 : 200, body: applied, headers: etag(applied.revision) };
});
