// Where to go after signing in. Only paths on this site are followed, so a crafted link
// (`/sign-in?callbackUrl=https://evil.example`) cannot send a user elsewhere after sign-in.
export const DEFAULT_AFTER_SIGN_IN = "/models";

export function safeCallbackUrl(raw: string | null | undefined, origin?: string): string {
  if (!raw) return DEFAULT_AFTER_SIGN_IN;
  let path = raw.trim();
  if (/^[a-z][a-z\d+.-]*:/i.test(path)) {
    if (!origin || !URL.canParse(path)) return DEFAULT_AFTER_SIGN_IN;
    const url = new URL(path);
    if (url.origin !== new URL(origin).origin) return DEFAULT_AFTER_SIGN_IN;
    path = `${url.pathname}${url.search}${url.hash}`;
  }
  // "//host" and "/\host" are protocol-relative in browsers
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return DEFAULT_AFTER_SIGN_IN;
  // back to the sign-in or setup page would loop
  if (/^\/(sign-in|setup)(\/|\?|#|$)/.test(path)) return DEFAULT_AFTER_SIGN_IN;
  return path;
}
