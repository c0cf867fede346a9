/**
 * ROLLGATE_WEBHOOK_ALLOWED_HOSTS: the hosts a webhook may reach although they are not public,
 * such as a chat relay on the private network. Pure; lib/env.ts parses the variable with it.
 *
 * Entries, separated by commas:
 * - a host name (`relay.corp.example`): URLs with exactly this host name are accepted, and
 *   deliveries may go to whatever non-public address it resolves to, except link-local and
 *   cloud-metadata addresses, "this network", multicast and broadcast (NEVER_BY_NAME);
 * - an IP address or a CIDR block (`10.20.0.7`, `10.20.0.0/16`, `fd12::/64`): URLs whose host
 *   is, or resolves to, addresses inside it are accepted, whatever the address.
 * Names match exactly (no wildcards): a name that a person chooses at save time must not
 * silently include names someone else creates later.
 */
import { inRange4, inRange6, parseIPv4, parseIPv6, type IpAddress } from "./address";

export type AllowedHosts = {
  names: ReadonlySet<string>;
  blocks: readonly ({ version: 4; net: number; prefix: number } | { version: 6; net: bigint; prefix: number })[];
  /** the entries as written, for messages */
  entries: readonly string[];
};

export const NO_ALLOWED_HOSTS: AllowedHosts = { names: new Set(), blocks: [], entries: [] };

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** The allowlist, or the first entry that is not a host name, an IP address or a CIDR block. */
export function parseAllowedHosts(raw: string | undefined): { ok: true; value: AllowedHosts } | { ok: false; message: string } {
  const names = new Set<string>();
  const blocks: AllowedHosts["blocks"][number][] = [];
  const entries: string[] = [];
  for (const part of (raw ?? "").split(",")) {
    const entry = part.trim().toLowerCase().replace(/\.$/, "");
    if (!entry) continue;
    entries.push(entry);
    const [addr, prefixText, extra] = entry.split("/");
    const v4 = parseIPv4(addr!);
    const v6 = v4 === null ? parseIPv6(addr!) : null;
    if (v4 !== null || v6 !== null) {
      const max = v4 !== null ? 32 : 128;
      const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
      if (extra !== undefined || !(prefix >= 0 && prefix <= max)) {
        return { ok: false, message: `"${part.trim()}" is not a valid CIDR block (the prefix length is 0 to ${max})` };
      }
      blocks.push(v4 !== null ? { version: 4, net: v4, prefix } : { version: 6, net: v6!, prefix });
      continue;
    }
    if (prefixText !== undefined || !HOST_NAME.test(entry) || /^[\d.]+$/.test(entry)) {
      return { ok: false, message: `"${part.trim()}" is not a host name, an IP address or a CIDR block` };
    }
    names.add(entry);
  }
  return { ok: true, value: { names, blocks, entries } };
}

/** The host name as URL parsing leaves it, compared without a trailing dot. */
export function nameAllowed(allowed: AllowedHosts, name: string): boolean {
  return allowed.names.has(name.toLowerCase().replace(/\.$/, ""));
}

/** Whether an IP or CIDR entry covers this address (an IPv4-mapped IPv6 address counts as its IPv4). */
export function addressAllowed(allowed: AllowedHosts, ip: IpAddress): boolean {
  const mapped = ip.version === 6 && ip.value >> 32n === 0xffffn ? Number(ip.value & 0xffffffffn) : null;
  return allowed.blocks.some((b) => {
    if (b.version === 4) {
      if (ip.version === 4) return inRange4(ip.value, b.net, b.prefix);
      return mapped !== null && inRange4(mapped, b.net, b.prefix);
    }
    return ip.version === 6 && inRange6(ip.value, b.net, b.prefix);
  });
}
