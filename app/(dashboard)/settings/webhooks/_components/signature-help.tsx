import { CodeBlock } from "@/components/ui/code-block";

// The same check as verifySignature in lib/notify/sign.ts, in a form a receiver can paste.
const NODE_SNIPPET = `import { createHmac, timingSafeEqual } from "node:crypto";

// rawBody: the request body exactly as received, before JSON.parse
export function verifyRollgate(secret, headers, rawBody, toleranceSeconds = 300) {
  const timestamp = headers["x-rollgate-timestamp"] ?? "";
  const signature = headers["x-rollgate-signature"] ?? "";
  if (!/^\\d+$/.test(timestamp)) return false;
  // refuse a request captured and replayed later
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = "sha256=" + createHmac("sha256", secret).update(\`\${timestamp}.\${rawBody}\`).digest("hex");
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}`;

/** How a receiver checks that a delivery came from Rollgate. */
export function SignatureHelp() {
  return (
    <div className="space-y-3 text-sm text-slate-600">
      <p>
        Every delivery is a <code className="font-mono text-[13px]">POST</code> with{" "}
        <code className="font-mono text-[13px]">X-Rollgate-Signature: sha256=&lt;hex&gt;</code>, the HMAC-SHA256 of{" "}
        <code className="font-mono text-[13px]">&lt;timestamp&gt;.&lt;raw body&gt;</code> keyed with the webhook&apos;s secret, and{" "}
        <code className="font-mono text-[13px]">X-Rollgate-Timestamp</code> in Unix seconds. Check both, and refuse timestamps more than 5
        minutes away. <code className="font-mono text-[13px]">X-Rollgate-Event</code> names the event;{" "}
        <code className="font-mono text-[13px]">X-Rollgate-Delivery</code> stays the same on every retry, so a receiver can ignore a
        delivery it has already processed.
      </p>
      <p>
        A delivery succeeds on any 2xx answer within 10 seconds. Anything else is retried after 1 min, 5 min, 15 min, 1 h, 3 h, 6 h and 12
        h; after the eighth failure it gives up, and you can redeliver it from the log.
      </p>
      <CodeBlock code={NODE_SNIPPET} title="verify.mjs (Node.js)" copyLabel="Copy the verification code" />
    </div>
  );
}
