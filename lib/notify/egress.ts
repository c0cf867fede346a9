/**
 * Where a webhook may send: public addresses, plus what ROLLGATE_WEBHOOK_ALLOWED_HOSTS lists
 * (allowlist.ts). Checked twice:
 * - when a URL is saved (`destinationProblem`): an IP literal by its address, `localhost` and
 *   `*.localhost` by name, and any other name by what it resolves to right now, so a person
 *   learns at once that a URL cannot work. A name that does not resolve yet is accepted;
 * - before every delivery (`resolveDestination`): the name is resolved once, every address it
 *   resolves to must be allowed, and the request then connects to exactly those addresses
 *   (send.ts), so a DNS answer that changes between the check and the connection (rebinding)
 *   changes nothing.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { addressAllowed, nameAllowed, type AllowedHosts } from "../http/allowed-hosts";
import { classifyAddress, NEVER_BY_NAME, parseIp, urlHost, type AddressClass, type IpAddress } from "../http/address";

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** Every address a host name resolves to; throws like dns.lookup (err.code ENOTFOUND, …). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export type EgressPolicy = { allowedHosts: AllowedHosts; resolve: Resolver };

/** The operating system's resolver, as Node's own HTTP client would use it (hosts file included). */
export const systemResolver: Resolver = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** Refusal messages stored with a failed delivery: fixed text, never anything the receiver chose. */
export const REFUSED_NON_PUBLIC = "refused: resolves to a non-public address";
export const REFUSED_NON_PUBLIC_IP = "refused: a non-public address";

const SAVE_LOOKUP_MS = 3_000;
const ALLOWLIST_HINT = "Webhooks are sent only to public addresses, or to hosts an operator lists in ROLLGATE_WEBHOOK_ALLOWED_HOSTS.";

/** Whether a delivery may connect to `ip`, reached through the URL host `viaName` (when it is a name). */
export function addressPermitted(ip: IpAddress, cls: AddressClass, allowed: AllowedHosts, viaName: string | null): boolean {
  if (cls.kind === "public") return true;
  if (addressAllowed(allowed, ip)) return true;
  return viaName !== null && nameAllowed(allowed, viaName) && !NEVER_BY_NAME.has(cls.kind);
}

const isLocalhostName = (name: string) => name === "localhost" || name.endsWith(".localhost");

const timeoutAfter = (ms: number) =>
  new Promise<never>((_, reject) => {
    const t = setTimeout(() => reject(Object.assign(new Error("lookup timed out"), { code: "ETIMEOUT" })), ms);
    t.unref?.();
  });

/**
 * Why deliveries to `rawUrl` would be refused, for the form's `url` field; null when they
 * would not (or cannot be known yet: the name does not resolve).
 */
export async function destinationProblem(
  rawUrl: string,
  policy: EgressPolicy,
  opts: { lookupTimeoutMs?: number } = {},
): Promise<string | null> {
  if (!URL.canParse(rawUrl)) return null; // the schema has already said why
  const host = urlHost(new URL(rawUrl));
  if ("ip" in host) {
    const cls = classifyAddress(host.ip);
    if (addressPermitted(host.ip, cls, policy.allowedHosts, null)) return null;
    return `${host.text} is not a public address: it is ${cls.range}. ${ALLOWLIST_HINT}`;
  }
  if (isLocalhostName(host.name) && !nameAllowed(policy.allowedHosts, host.name))
    return `${host.name} is this machine (loopback). ${ALLOWLIST_HINT}`;
  let addresses: ResolvedAddress[];
  try {
    addresses = await Promise.race([policy.resolve(host.name), timeoutAfter(opts.lookupTimeoutMs ?? SAVE_LOOKUP_MS)]);
  } catch {
    return null; // not resolvable now: every delivery checks again
  }
  for (const a of addresses) {
    const ip = parseIp(a.address);
    if (!ip) return `${host.name} does not resolve to an IP address. ${ALLOWLIST_HINT}`;
    const cls = classifyAddress(ip);
    if (!addressPermitted(ip, cls, policy.allowedHosts, host.name)) {
      return `${host.name} resolves to a non-public address (${cls.range}). ${ALLOWLIST_HINT}`;
    }
  }
  return null;
}

export type Destination = { ok: true; addresses: ResolvedAddress[] } | { ok: false; error: string };

const LOOKUP_ERRORS: Record<string, string> = {
  ENOTFOUND: "host not found (ENOTFOUND)",
  ENODATA: "host not found (ENODATA)",
  EAI_AGAIN: "host name lookup failed (EAI_AGAIN)",
  ETIMEOUT: "host name lookup timed out",
};

/**
 * The addresses a delivery to `rawUrl` connects to: the IP of an IP URL, or every address its
 * name resolves to, each of them allowed. Resolved once; the caller connects to these.
 */
export async function resolveDestination(rawUrl: string, policy: EgressPolicy, opts: { timeoutMs: number }): Promise<Destination> {
  if (!URL.canParse(rawUrl)) return { ok: false, error: "invalid URL" };
  const host = urlHost(new URL(rawUrl));
  if ("ip" in host) {
    const cls = classifyAddress(host.ip);
    if (!addressPermitted(host.ip, cls, policy.allowedHosts, null)) return { ok: false, error: REFUSED_NON_PUBLIC_IP };
    return { ok: true, addresses: [{ address: host.text, family: host.ip.version }] };
  }
  let found: ResolvedAddress[];
  try {
    found = await Promise.race([policy.resolve(host.name), timeoutAfter(opts.timeoutMs)]);
  } catch (e) {
    const code = (e as { code?: string })?.code ?? "";
    return { ok: false, error: LOOKUP_ERRORS[code] ?? "host name lookup failed" };
  }
  if (found.length === 0) return { ok: false, error: LOOKUP_ERRORS.ENOTFOUND! };
  const addresses: ResolvedAddress[] = [];
  for (const a of found) {
    const ip = parseIp(a.address);
    // all or nothing: one bad address is enough to refuse, since any of them may be the one used
    if (!ip || !addressPermitted(ip, classifyAddress(ip), policy.allowedHosts, host.name)) return { ok: false, error: REFUSED_NON_PUBLIC };
    addresses.push({ address: a.address.replace(/%.*$/, ""), family: ip.version });
  }
  return { ok: true, addresses };
}
