import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import type { AuditPublicKey } from "@/lib/audit/signing";

/**
 * The public half of the key that signs audit checkpoints. Auditors save it (or fetch it from
 * the well-known URL) to check checkpoints and exports offline with `rollgate audit verify`.
 */
export function AuditKeySection({ auditKey }: { auditKey: Pick<AuditPublicKey, "keyId" | "publicKeyPem"> | undefined }) {
  return (
    <Card
      id="audit-signing-key"
      title="Audit signing key"
      description="Checkpoints of the audit trail and evidence packs are signed with this Ed25519 key, which is kept outside the database. Save the public key where the database's administrators cannot change it, and check checkpoints against it."
      className="mt-6"
    >
      {auditKey ? (
        <div className="space-y-3 text-sm text-slate-700">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
            <dt className="font-medium text-slate-500">Key id</dt>
            <dd className="font-mono" data-testid="audit-key-id">
              {auditKey.keyId}
            </dd>
            <dt className="font-medium text-slate-500">Algorithm</dt>
            <dd>Ed25519</dd>
            <dt className="font-medium text-slate-500">Published at</dt>
            <dd>
              <a className="font-mono text-brand-700 underline" href="/.well-known/rollgate-audit-key">
                /.well-known/rollgate-audit-key
              </a>
            </dd>
            <dt className="font-medium text-slate-500">Evidence packs</dt>
            <dd data-testid="evidence-key">
              Signed with this same key, published again at{" "}
              <a className="font-mono text-brand-700 underline" href="/.well-known/rollgate-evidence-key">
                /.well-known/rollgate-evidence-key
              </a>
            </dd>
          </dl>
          <CodeBlock code={auditKey.publicKeyPem} title="rollgate-audit-key.pem" copyLabel="Copy public key" />
          <p className="text-slate-600">
            Offline check:{" "}
            <code className="font-mono">
              rollgate audit verify --checkpoint checkpoint.json --public-key rollgate-audit-key.pem --export audit.ndjson
            </code>
            <br />
            An evidence pack: <code className="font-mono">rollgate evidence verify pack.json --key rollgate-audit-key.pem</code>
          </p>
        </div>
      ) : (
        <p className="text-sm text-slate-600">No signing key is loaded in this process; start Rollgate through its server (npm start).</p>
      )}
    </Card>
  );
}
