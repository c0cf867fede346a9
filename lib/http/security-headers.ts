// The response headers that keep Rollgate's pages from being framed, sniffed or made to run
// foreign script, for pages, the REST API and the routing data plane alike. server.ts sets them
// on every response; the pages' Content-Security-Policy carries a fresh nonce per request, which
// it also puts on the request, where Next.js reads it and stamps it on its own <script> tags.
import { randomBytes } from "node:crypto";

export type SecurityHeaderOptions = {
  /** NEXTAUTH_URL is https: browsers are told to use https only (HSTS) */
  https: boolean;
  /** `--dev`: React's refresh needs eval and a websocket for hot reloading */
  dev?: boolean;
};

/** Two years, the usual HSTS lifetime; no includeSubDomains: sibling hosts are not ours to decide. */
const HSTS = "max-age=63072000";

/**
 * For responses that are not pages (JSON, event streams, files): nothing may be loaded or run
 * by them, and nothing may frame them.
 */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers every response carries, whatever it is. */
export function baseSecurityHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    // frame-ancestors 'none' in the CSP says the same to browsers that read CSP
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
    ...(opts.https ? { "strict-transport-security": HSTS } : {}),
  };
}

/** The data plane's and the API's full set: the base headers and a CSP that allows nothing. */
export function apiSecurityHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  return { ...baseSecurityHeaders(opts), "content-security-policy": API_CSP };
}

/** A fresh nonce for one page response (128 random bits). */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The pages' policy. Scripts run only with this response's nonce ('strict-dynamic' lets those
 * load Next's chunks); the charts and Tailwind set inline style attributes, so styles allow
 * 'unsafe-inline' (styles only: it never applies to scripts).
 */
export function pageCsp(nonce: string, opts: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}
