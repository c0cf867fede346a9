// Cross-site request forgery: a browser sends the session cookie with a request another site
// makes it send. Writes that rest on that cookie (REST calls without a bearer token, server
// actions) must therefore come from a page of this site. Browsers say where a request comes
// from in `Origin` (always sent on a POST) and `Sec-Fetch-Site`; a write missing `Origin`, or
// naming another origin, is refused. Bearer-token calls are not affected: a browser never
// adds an Authorization header on its own.

type HeaderSource = { get(name: string): string | null };

export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why this cookie-authenticated write is refused, or null when it comes from this site.
 * `publicUrl` is NEXTAUTH_URL; the request's own Host is accepted too (as Next.js does for
 * server actions), since a browser never lets a page of another site set it.
 */
export function crossSiteWriteReason(headers: HeaderSource, publicUrl: string): string | null {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") {
    return `Refused: this request was sent from another site (Sec-Fetch-Site: ${site.slice(0, 40)}). Use the Rollgate UI, or an API token.`;
  }
  const origin = headers.get("origin");
  if (!origin) {
    return "Refused: a write signed in with a session cookie must carry an Origin header. Use the Rollgate UI, or an API token.";
  }
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return "Refused: the Origin header is not a URL. Use the Rollgate UI, or an API token.";
  }
  const own = new URL(publicUrl);
  const host = headers.get("host");
  if (from.origin === own.origin || (host !== null && from.host === host)) return null;
  return `Refused: this request came from ${from.origin.slice(0, 200)}, not from ${own.origin}. Use the Rollgate UI, or an API token.`;
}

/** The same check for a raw Node request (server.ts), as a Headers-like view. */
export function nodeHeaders(raw: Record<string, string | string[] | undefined>): HeaderSource {
  return {
    get(name: string) {
      const v = raw[name.toLowerCase()];
      return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
    },
  };
}

type NodeRequest = { method?: string; url?: string; headers: Record<string, string | string[] | undefined> };
type NodeResponse = { statusCode: number; setHeader(name: string, value: string): unknown; end(body?: string): unknown };

/**
 * Server actions (a POST to a page: the `next-action` header, or a plain form post) from
 * another site. Next.js refuses them too, but with a 500; this answers 403 before Next sees
 * the request. Like Next.js, an action without `Origin` (not a browser) is let through: the
 * session cookie is SameSite=Lax, so no other site can make a browser send it on a POST
 * without naming itself. Returns true when it answered. Route handlers under /api check
 * their own writes.
 */
export function refuseCrossSiteAction(req: NodeRequest, res: NodeResponse, publicUrl: string): boolean {
  if (req.method !== "POST" || (req.url ?? "").startsWith("/api/")) return false;
  const h = nodeHeaders(req.headers);
  const type = h.get("content-type") ?? "";
  const action =
    h.get("next-action") !== null || type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
  if (!action || h.get("origin") === null) return false;
  const reason = crossSiteWriteReason(h, publicUrl);
  if (!reason) return false;
  res.statusCode = 403;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(reason);
  return true;
}
