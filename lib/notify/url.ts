/**
 * Webhook URLs: their shape, and how one is shown where not every reader is an admin.
 * Pure and client-safe.
 *
 * Where a URL may point (public addresses, plus ROLLGATE_WEBHOOK_ALLOWED_HOSTS) needs the
 * server's configuration and resolver, so the service checks that on save (egress.ts), and the
 * delivery loop again before every request.
 */

export const WEBHOOK_URL_MAX = 2048;

/** Why `raw` cannot be a webhook URL, or null when it can. */
export function webhookUrlProblem(raw: string): string | null {
  if (!URL.canParse(raw)) return "Enter a full URL, starting with https:// (or http://).";
  const u = new URL(raw);
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    return `Use an https:// or http:// URL; ${u.protocol.replace(/:$/, "")}:// is not supported.`;
  }
  if (!u.hostname) return "The URL needs a host name, like https://hooks.example.com/rollgate.";
  if (u.username || u.password) {
    return "Remove the user name and password from the URL: they would be stored and shown in clear. Receivers check the X-Rollgate-Signature header instead.";
  }
  if (u.hash) return "Remove the #fragment: it is never sent to the receiver.";
  return null;
}

/**
 * The URL with everything after its first path segment hidden, and no query: enough to tell
 * where deliveries go, without the token that services such as Slack put in the path.
 * `https://hooks.slack.com/services/T0/B0/xyz` → `https://hooks.slack.com/services/…`.
 */
export function redactUrl(raw: string): string {
  if (!URL.canParse(raw)) return "…";
  const u = new URL(raw);
  const segments = u.pathname.split("/").filter(Boolean);
  const first = segments[0] ? `/${segments[0]}` : "";
  const hidden = segments.length > 1 || u.search ? "/…" : "";
  return `${u.protocol}//${u.host}${first}${hidden}`;
}
