// GET /api/v1/audit – the audit trail, filtered: JSON pages (newest first), or a streamed CSV / NDJSON / JSON-array export
import { apiRoute } from "@/lib/api/route";
import { exportAuditEvents } from "@/lib/audit/export";
import { listAuditEventsByCursor } from "@/lib/audit/queries";
import { AUDIT_DEFAULT_LIMIT, auditApiQuerySchema, pickAuditFilter, searchParamsObject } from "@/lib/audit/schemas";
import { db } from "@/lib/db";
import { ValidationError, zodIssues } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ scope: "audit:read", session: "audit:read" }, async ({ url }) => {
  const parsed = auditApiQuerySchema.safeParse(searchParamsObject(url.searchParams));
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
  const q = parsed.data;
  const filter = pickAuditFilter(q);

  if (q.format === "json" && !q.download) {
    return { body: await listAuditEventsByCursor(db(), filter, { cursor: q.cursor, limit: q.limit ?? AUDIT_DEFAULT_LIMIT }) };
  }
  const out = await exportAuditEvents(db(), filter, q.format);
  return new Response(out.stream, {
    headers: {
      "content-type": out.contentType,
      "content-disposition": `attachment; filename="${out.filename}"`,
      "cache-control": "no-store",
    },
  });
});
