/**
 * Webhook signatures. Every delivery carries
 *
 *   X-Rollgate-Timestamp: <unix seconds when this attempt was sent>
 *   X-Rollgate-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *   X-Rollgate-Event:     <event type, e.g. release.rolled_back>
 *   X-Rollgate-Delivery:  <delivery id: the same on every retry of one event to one webhook>
 *
 * Signing the timestamp with the body lets a receiver refuse a captured request replayed
 * later; the delivery id lets it drop a retry it already processed (delivery is at least
 * once). `verifySignature` is written so a receiver can copy it: node:crypto only.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "X-Rollgate-Signature";
export const TIMESTAMP_HEADER = "X-Rollgate-Timestamp";
export const EVENT_HEADER = "X-Rollgate-Event";
export const DELIVERY_HEADER = "X-Rollgate-Delivery";

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `sha256=<hex>` over `${timestamp}.${body}`; the body exactly as sent, byte for byte. */
export function computeSignature(secret: string, timestamp: number | string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The headers of one delivery attempt. `now` is epoch ms (tests fix it). */
export function signedHeaders(opts: {
  secret: string;
  body: string;
  event: string;
  deliveryId: string;
  now?: number;
}): Record<string, string> {
  const timestamp = Math.floor((opts.now ?? Date.now()) / 1000);
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: computeSignature(opts.secret, timestamp, opts.body),
    [EVENT_HEADER]: opts.event,
    [DELIVERY_HEADER]: opts.deliveryId,
  };
}

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() === lower) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/**
 * Checks a delivery as a receiver should: the signature over the raw body (before any JSON
 * parsing), compared in constant time, and a timestamp no further than `toleranceSeconds`
 * from now, so a request captured and replayed later is refused. `headers` may be a fetch
 * `Headers` or Node's `req.headers`; `now` is epoch ms.
 */
export function verifySignature(
  secret: string,
  headers: HeaderSource,
  body: string,
  opts: { toleranceSeconds?: number; now?: number } = {},
): VerifyResult {
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const rawTimestamp = header(headers, TIMESTAMP_HEADER);
  const signature = header(headers, SIGNATURE_HEADER);
  if (!rawTimestamp || !signature) return { ok: false, reason: "missing signature or timestamp header" };
  if (!/^\d{1,12}$/.test(rawTimestamp)) return { ok: false, reason: "malformed timestamp" };
  const timestamp = Number(rawTimestamp);
  const nowSeconds = Math.floor((opts.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    return { ok: false, reason: `timestamp is more than ${tolerance} s away from now (replayed or clock skew)` };
  }
  const expected = Buffer.from(computeSignature(secret, rawTimestamp, body));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "signature does not match" };
  }
  return { ok: true, timestamp };
}
