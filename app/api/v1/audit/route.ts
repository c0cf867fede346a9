// GET /api/v1/audit – the audit trail, filtered: JSON pages (newest first), or a streamed CSV / NDJSON / JSON-array export
import { handle } from "@/lib/api/handle";
import { listAuditEventsRoute } from "@/lib/audit/contracts";
import { exportAuditEvents } from "@/lib/audit/export";
import { listAuditEventsByCursor } from "@/lib/audit/queries";
import { AUDIT_DEFAULT_LIMIT, pickAuditFilter } from "@/lib/audit/schemas";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export const GET = handle(listAuditEventsRoute, async ({ query: q }) => {
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
