/**
 * One webhook POST, made with node:http / node:https rather than fetch so that it connects to
 * the addresses egress.ts checked, and nowhere else:
 * - the host name is resolved once (egress.ts) and the socket's `lookup` hands back exactly
 *   those addresses, while the Host header and the TLS server name (SNI, and the name the
 *   certificate must match) stay the URL's host name;
 * - redirects are never followed: a 3xx is a failed delivery with its status;
 * - one deadline covers the lookup, the connection and the response headers;
 * - the response body is never kept: at most MAX_RESPONSE_BYTES of it are read and dropped,
 *   then the connection is closed.
 * The outcome is a status code and/or a fixed message (never text the receiver chose), since
 * it is stored and shown on the webhook's page.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { parseIp } from "../http/address";
import { resolveDestination, type EgressPolicy, type ResolvedAddress } from "./egress";

export const MAX_RESPONSE_BYTES = 8 * 1024;

export type SendOutcome = { statusCode: number | null; error: string | null };

/** Thrown when `signal` aborted the request (shutdown): the delivery is handed back, not counted. */
export class SendAborted extends Error {}

class DeadlineExceeded extends Error {}

const CONNECT_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused (ECONNREFUSED)",
  ECONNRESET: "connection reset by the receiver (ECONNRESET)",
  EPIPE: "connection closed by the receiver (EPIPE)",
  EHOSTUNREACH: "host unreachable (EHOSTUNREACH)",
  ENETUNREACH: "network unreachable (ENETUNREACH)",
  ETIMEDOUT: "connection timed out (ETIMEDOUT)",
  EADDRNOTAVAIL: "address not available (EADDRNOTAVAIL)",
};

/** A fixed message for a connection-level failure; the code is Node's, never the receiver's text. */
export function describeSendError(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== "string") return "connection failed";
  if (CONNECT_ERRORS[code]) return CONNECT_ERRORS[code];
  if (code.startsWith("HPE_")) return "invalid HTTP response";
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return "TLS certificate not accepted";
  if (/^ERR_(TLS|SSL)/.test(code)) return "TLS handshake failed";
  return /^[A-Z0-9_]{2,40}$/.test(code) ? `connection failed (${code})` : "connection failed";
}

export function outcomeForStatus(status: number): SendOutcome {
  if (status >= 200 && status < 300) return { statusCode: status, error: null };
  if (status >= 300 && status < 400)
    return { statusCode: status, error: `redirected (HTTP ${status}); redirects are not followed, so set the final URL` };
  return { statusCode: status, error: `HTTP ${status}` };
}

/** A `lookup` that answers every query with the checked addresses. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const cb = callback as (err: Error | null, address: string | { address: string; family: number }[], family?: number) => void;
    if ((options as { all?: boolean }).all)
      cb(
        null,
        addresses.map((a) => ({ address: a.address, family: a.family })),
      );
    else cb(null, addresses[0]!.address, addresses[0]!.family);
  };
}

/**
 * POSTs `body` to `rawUrl` under `policy`. Never throws except SendAborted; every failure is an
 * outcome (a refused destination, a lookup error, a connection error, a timeout, a status).
 */
export async function sendWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  opts: { policy: EgressPolicy; timeoutMs: number; signal?: AbortSignal },
): Promise<SendOutcome> {
  const deadline = Date.now() + opts.timeoutMs;
  const timedOut: SendOutcome = { statusCode: null, error: `no response within ${opts.timeoutMs / 1000} s` };
  if (opts.signal?.aborted) throw new SendAborted();
  const destination = await resolveDestination(rawUrl, opts.policy, { timeoutMs: opts.timeoutMs });
  if (opts.signal?.aborted) throw new SendAborted();
  if (!destination.ok) return { statusCode: null, error: destination.error };
  const remaining = deadline - Date.now();
  if (remaining <= 0) return timedOut;

  const url = new URL(rawUrl);
  const secure = url.protocol === "https:";
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const payload = Buffer.from(body, "utf8");
  const options: https.RequestOptions = {
    method: "POST",
    protocol: url.protocol,
    hostname,
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    headers: { ...headers, Host: url.host, "Content-Length": String(payload.byteLength), Connection: "close" },
    lookup: pinnedLookup(destination.addresses),
    // a fresh agent per request: no pooled socket from an earlier check is ever reused
    agent: false,
    // SNI takes a name only; for an IP URL the certificate is checked against the IP
    ...(secure && !parseIp(hostname) ? { servername: hostname.replace(/\.$/, "") } : {}),
  };

  return new Promise<SendOutcome>((resolve, reject) => {
    let settled = false;
    let status: number | null = null;
    const req = (secure ? https : http).request(options);
    const timer = setTimeout(() => req.destroy(new DeadlineExceeded()), remaining);
    const onAbort = () => req.destroy(new SendAborted());
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const settle = (outcome: SendOutcome | SendAborted) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      req.destroy();
      if (outcome instanceof SendAborted) reject(outcome);
      else resolve(outcome);
    };
    req.on("response", (res) => {
      status = res.statusCode ?? 0;
      const outcome = outcomeForStatus(status);
      let read = 0;
      // read and drop a little of the body (a receiver may want its answer read), then hang up
      res.on("data", (chunk: Buffer) => {
        read += chunk.byteLength;
        if (read >= MAX_RESPONSE_BYTES) settle(outcome);
      });
      res.on("end", () => settle(outcome));
      res.on("error", () => settle(outcome));
      res.on("close", () => settle(outcome));
    });
    req.on("error", (e) => {
      // once the status is in, it is the outcome, whatever happens to the rest of the body
      if (status !== null) return settle(outcomeForStatus(status));
      if (e instanceof SendAborted) return settle(e);
      if (e instanceof DeadlineExceeded) return settle(timedOut);
      settle({ statusCode: null, error: describeSendError(e) });
    });
    req.end(payload);
  });
}
