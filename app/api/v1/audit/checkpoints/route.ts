// GET  /api/v1/audit/checkpoints – the newest signed checkpoints (?limit=, default 20), with the public key
// POST /api/v1/audit/checkpoints – sign a checkpoint of the current head now (admins, signed in)
import { handle } from "@/lib/api/handle";
import { createCheckpoint, toCheckpointDto } from "@/lib/audit/checkpoint";
import { createAuditCheckpointRoute, listAuditCheckpointsRoute } from "@/lib/audit/contracts";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { db } from "@/lib/db";
import { ConflictError } from "@/lib/errors";

export const dynamic = "force-dynamic";

function requireKey() {
  const key = auditSigningKey();
  // only outside server.ts (which always resolves one): say so instead of a 500
  if (!key) throw new ConflictError("No audit signing key is configured on this server.");
  return key;
}

export const GET = handle(listAuditCheckpointsRoute, async ({ query }) => {
  const key = requireKey();
  const rows = await db().auditCheckpoint.findMany({ orderBy: { id: "desc" }, take: query.limit });
  return {
    body: { keyId: key.keyId, algorithm: "Ed25519" as const, publicKeyPem: key.publicKeyPem, checkpoints: rows.map(toCheckpointDto) },
    headers: { "cache-control": "no-store" },
  };
});

// Admins only, not tokens: every checkpoint is also a webhook delivery, so a read scope must not
// be able to make them at will. The schedule signs them anyway.
export const POST = handle(createAuditCheckpointRoute, async () => {
  const key = requireKey();
  const checkpoint = await createCheckpoint(db(), key, { force: true });
  if (!checkpoint) throw new ConflictError("The audit trail is empty: there is nothing to sign yet.");
  return { status: 201, body: { ...checkpoint, publicKeyPem: key.publicKeyPem }, headers: { "cache-control": "no-store" } };
});
