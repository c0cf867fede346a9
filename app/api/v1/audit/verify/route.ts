// GET /api/v1/audit/verify – recompute the audit hash chain: {ok, events, firstBadSeq?, problem?}
import { apiRoute } from "@/lib/api/route";
import { verifyAuditChain } from "@/lib/audit/verify";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export const GET = apiRoute({ scope: "audit:read", session: "audit:read" }, async () => {
  const result = await verifyAuditChain(db());
  return {
    body: {
      ok: result.ok,
      events: result.events,
      ...(result.firstBadSeq !== undefined ? { firstBadSeq: result.firstBadSeq, problem: result.problem } : {}),
    },
    headers: { "cache-control": "no-store" },
  };
});
