// GET /.well-known/rollgate-evidence-key – the public key that signs evidence packs:
// {keyId, algorithm: "Ed25519", publicKeyPem, use}. Public on purpose: an auditor holding a
// pack checks it without an account.
import { handle } from "@/lib/api/handle";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { NotFoundError } from "@/lib/errors";
import { evidenceKeyRoute } from "@/lib/evidence/contracts";
import { PACK_STATEMENT_TYPE } from "@/lib/evidence/pack";

export const dynamic = "force-dynamic";

export const GET = handle(evidenceKeyRoute, async () => {
  const key = auditSigningKey();
  if (!key) throw new NotFoundError("No evidence signing key is configured on this server.");
  return {
    body: {
      keyId: key.keyId,
      algorithm: "Ed25519" as const,
      publicKeyPem: key.publicKeyPem,
      use: PACK_STATEMENT_TYPE as typeof PACK_STATEMENT_TYPE,
    },
    headers: { "cache-control": "public, max-age=300" },
  };
});
