// GET /.well-known/rollgate-audit-key – the public key that signs audit checkpoints:
// {keyId, algorithm: "Ed25519", publicKeyPem}. Public on purpose: anyone holding a checkpoint
// (a webhook copy, an export) can check it without an account.
import { handle } from "@/lib/api/handle";
import { auditKeyRoute } from "@/lib/audit/contracts";
import { auditSigningKey } from "@/lib/audit/signing-key";
import { NotFoundError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = handle(auditKeyRoute, async () => {
  const key = auditSigningKey();
  if (!key) throw new NotFoundError("No audit signing key is configured on this server.");
  return {
    body: { keyId: key.keyId, algorithm: "Ed25519" as const, publicKeyPem: key.publicKeyPem },
    headers: { "cache-control": "public, max-age=300" },
  };
});
