// GET /api/v1/models/{model}/evidence?from=&to= – the model's signed evidence pack for the range, as an attachment
import { handle } from "@/lib/api/handle";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { ConflictError } from "@/lib/errors";
import { exportEvidenceRoute } from "@/lib/evidence/contracts";
import { exportEvidencePack } from "@/lib/evidence/export";
import { runtime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = handle(exportEvidenceRoute, async ({ params, query, actor, requestId }) => {
  const key = auditSigningKey();
  if (!key) throw new ConflictError("No evidence signing key is configured on this server; start Rollgate through its server (npm start).");
  const out = await exportEvidencePack(runtime().database, actor, key, { model: params.model, from: query.from, to: query.to, requestId });
  return new Response(out.text, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
    },
  });
});
