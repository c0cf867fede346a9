// Where to go after signing in. Only paths on this site are followed, so a crafted link
// (`/sign-in?callbackUrl=https://evil.example`) cannot send a user elsewhere after sign-in.
export const DEFAULT_AFTER_SIGN_IN = "/";

// Stands in for the origin when none is given: nothing absolute can match it.
const PLACEHOLDER_ORIGIN = "http://rollgate.invalid";

/**
 * The same-origin path (with query and hash) a browser would go to for `raw`, or null when
 * it would leave this origin or cannot be parsed. The input is first read the way browsers
 * read a URL: ASCII tab, LF and CR removed anywhere (so "/\t/evil.example" is "//evil.example"),
 * leading and trailing C0 controls and spaces removed, backslashes taken as slashes; then it
 * is resolved against the origin with the WHATWG URL parser and must keep that origin.
 */
export function sameOriginPath(raw: string | null | undefined, origin?: string): string | null {
  if (!raw) return null;
  const cleaned = raw
    .replace(/[\t\n\r]/g, "")
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "")
    .replace(/\\/g, "/");
  if (!cleaned) return null;
  let base: URL;
  try {
    base = new URL(origin || PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  let url: URL;
  try {
    url = new URL(cleaned, base.origin);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || url.username || url.password) return null;
  // a bare "models" or "?x" resolves against the origin's root, which is not what was meant
  if (!cleaned.startsWith("/") && !/^[a-z][a-z\d+.-]*:/i.test(cleaned)) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to "//evil.example", protocol-relative once written out
  if (!path.startsWith("/") || path.startsWith("//")) return null;
  return path;
}

export function safeCallbackUrl(raw: string | null | undefined, origin?: string): string {
  const path = sameOriginPath(raw, origin);
  if (!path) return DEFAULT_AFTER_SIGN_IN;
  // back to the sign-in or setup page would loop
  if (/^\/(sign-in|setup)(\/|\?|#|$)/.test(path)) return DEFAULT_AFTER_SIGN_IN;
  return path;
}
