// GET /api/v1/audit/verify – recompute the audit hash chain and hold it to the signed
// checkpoints: {ok, events, firstBadSeq?, problem?, checkpoints: {keyId, checked, otherKey, latest}}
import { handle } from "@/lib/api/handle";
import { lastSignedByThisProcess } from "@/lib/audit/checkpoint";
import { verifyAuditChainRoute } from "@/lib/audit/contracts";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { verifyAuditChain } from "@/lib/audit/verify";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

export const GET = handle(verifyAuditChainRoute, async () => {
  const key = auditSigningKey();
  const result = await verifyAuditChain(db(), key ? { key, extraCheckpoints: [lastSignedByThisProcess()] } : {});
  return {
    body: {
      ok: result.ok,
      events: result.events,
      ...(result.firstBadSeq !== undefined ? { firstBadSeq: result.firstBadSeq } : {}),
      ...(result.problem !== undefined ? { problem: result.problem } : {}),
      ...(result.checkpoints ? { checkpoints: result.checkpoints } : {}),
    },
    headers: { "cache-control": "no-store" },
  };
});
