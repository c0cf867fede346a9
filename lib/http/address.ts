/**
 * Which IP addresses a webhook may be delivered to. Pure and client-safe.
 *
 * A webhook URL is chosen by a person, but the request is made from inside Rollgate's network.
 * Anything but a public unicast address would let that URL reach what only Rollgate can reach:
 * the loopback interface (Rollgate itself, its database), the private network, the cloud
 * metadata service (credentials), and so on. This module says, for one address, whether it is
 * public, and if not which range it is in (IANA's IPv4 and IPv6 special-purpose registries).
 *
 * It takes addresses in the forms that reach it: the hostname of a WHATWG-parsed URL (which
 * has already turned `2130706433`, `0177.0.0.1` and `127.1` into `127.0.0.1`), an IPv6 literal
 * with or without brackets, and what the system resolver returns. Anything else is not an IP
 * address (null), and is treated as a host name.
 */

export type AddressKind =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "shared"
  | "unspecified"
  | "multicast"
  | "broadcast"
  | "reserved"
  | "documentation"
  | "benchmarking";

export type IpAddress = { version: 4; value: number } | { version: 6; value: bigint };

export type AddressClass = {
  kind: AddressKind;
  /** human wording, e.g. "loopback (127.0.0.0/8)" or "IPv4-mapped: loopback (127.0.0.0/8)" */
  range: string;
  /** the IPv4 address an IPv4-mapped, -compatible, NAT64 or 6to4 IPv6 address carries */
  embedded?: string;
};

/**
 * Kinds an allowlisted host NAME may never resolve to: a name that resolves to the metadata
 * service or to a link-local address is a misconfiguration or an attack, never a relay.
 * Listing the address itself (an IP or CIDR entry) is the only way to reach these.
 */
export const NEVER_BY_NAME: ReadonlySet<AddressKind> = new Set(["metadata", "link-local", "unspecified", "multicast", "broadcast"]);

// ---- parsing ------------------------------------------------------------------------------

/** Canonical dotted quad only (what URL parsing and the resolver produce). */
export function parseIPv4(s: string): number | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const p of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/** RFC 4291 text forms: `::` compression, a dotted-quad tail; brackets and a `%zone` are dropped. */
export function parseIPv6(input: string): bigint | null {
  let s = input;
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  const zone = s.indexOf("%");
  if (zone >= 0) s = s.slice(0, zone);
  if (!s.includes(":")) return null;
  if (s.includes(".")) {
    const cut = s.lastIndexOf(":");
    const v4 = parseIPv4(s.slice(cut + 1));
    if (v4 === null) return null;
    s = `${s.slice(0, cut + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const split = (h: string) => (h === "" ? [] : h.split(":"));
  const head = split(halves[0]!);
  const tail = halves.length === 2 ? split(halves[1]!) : [];
  const groups = halves.length === 2 ? head.length + tail.length : head.length;
  if (halves.length === 2 ? groups > 7 : groups !== 8) return null;
  const all = [...head, ...Array<string>(8 - groups).fill("0"), ...tail];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  return value;
}

export function parseIp(s: string): IpAddress | null {
  const v4 = parseIPv4(s);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseIPv6(s);
  return v6 === null ? null : { version: 6, value: v6 };
}

export function formatIPv4(v: number): string {
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
}

// ---- ranges -------------------------------------------------------------------------------

type Range4 = { net: number; prefix: number; kind: AddressKind; label: string };
type Range6 = { net: bigint; prefix: number; kind: AddressKind; label: string };

const r4 = (cidr: string, kind: AddressKind, label: string): Range4 => {
  const [ip, p] = cidr.split("/");
  return { net: parseIPv4(ip!)!, prefix: Number(p), kind, label: `${label} (${cidr})` };
};
const r6 = (cidr: string, kind: AddressKind, label: string): Range6 => {
  const [ip, p] = cidr.split("/");
  return { net: parseIPv6(ip!)!, prefix: Number(p), kind, label: `${label} (${cidr})` };
};

export function inRange4(value: number, net: number, prefix: number): boolean {
  if (prefix === 0) return true;
  const shift = 32 - prefix;
  return value >>> shift === net >>> shift;
}

export function inRange6(value: bigint, net: bigint, prefix: number): boolean {
  const shift = BigInt(128 - prefix);
  return value >> shift === net >> shift;
}

// Most specific first: the first match names the address.
const V4_RANGES: Range4[] = [
  r4("169.254.169.254/32", "metadata", "cloud metadata service"),
  r4("100.100.100.200/32", "metadata", "cloud metadata service"),
  r4("192.0.0.192/32", "metadata", "cloud metadata service"),
  r4("255.255.255.255/32", "broadcast", "broadcast"),
  r4("0.0.0.0/8", "unspecified", '"this network"'),
  r4("10.0.0.0/8", "private", "private network"),
  r4("100.64.0.0/10", "shared", "carrier-grade NAT"),
  r4("127.0.0.0/8", "loopback", "loopback"),
  r4("169.254.0.0/16", "link-local", "link-local"),
  r4("172.16.0.0/12", "private", "private network"),
  r4("192.0.0.0/24", "reserved", "IETF protocol assignments"),
  r4("192.0.2.0/24", "documentation", "documentation"),
  r4("192.88.99.0/24", "reserved", "6to4 relay anycast"),
  r4("192.168.0.0/16", "private", "private network"),
  r4("198.18.0.0/15", "benchmarking", "benchmarking"),
  r4("198.51.100.0/24", "documentation", "documentation"),
  r4("203.0.113.0/24", "documentation", "documentation"),
  r4("224.0.0.0/4", "multicast", "multicast"),
  r4("240.0.0.0/4", "reserved", "reserved"),
];

const V6_RANGES: Range6[] = [
  r6("fd00:ec2::254/128", "metadata", "cloud metadata service"),
  r6("::/128", "unspecified", "unspecified"),
  r6("::1/128", "loopback", "loopback"),
  r6("100::/64", "reserved", "discard-only"),
  r6("64:ff9b:1::/48", "private", "local-use NAT64"),
  r6("2001::/23", "reserved", "IETF protocol assignments (Teredo, benchmarking, ORCHID)"),
  r6("2001:db8::/32", "documentation", "documentation"),
  r6("3fff::/20", "documentation", "documentation"),
  r6("fc00::/7", "private", "unique local"),
  r6("fe80::/10", "link-local", "link-local"),
  r6("fec0::/10", "private", "site-local"),
  r6("ff00::/8", "multicast", "multicast"),
];

/** IPv6 forms that carry an IPv4 address: the carried address decides. */
const V6_EMBEDDING: { net: bigint; prefix: number; label: string; extract: (v: bigint) => number }[] = [
  { net: parseIPv6("::ffff:0:0")!, prefix: 96, label: "IPv4-mapped", extract: (v) => Number(v & 0xffffffffn) },
  { net: parseIPv6("::ffff:0:0:0")!, prefix: 96, label: "IPv4-translated", extract: (v) => Number(v & 0xffffffffn) },
  { net: parseIPv6("64:ff9b::")!, prefix: 96, label: "NAT64", extract: (v) => Number(v & 0xffffffffn) },
  { net: parseIPv6("2002::")!, prefix: 16, label: "6to4", extract: (v) => Number((v >> 80n) & 0xffffffffn) },
];

const GLOBAL_UNICAST = { net: parseIPv6("2000::")!, prefix: 3 };
const IPV4_COMPATIBLE = { net: 0n, prefix: 96 };

export function classifyIPv4(value: number): AddressClass {
  for (const r of V4_RANGES) if (inRange4(value, r.net, r.prefix)) return { kind: r.kind, range: r.label };
  return { kind: "public", range: "public" };
}

export function classifyIPv6(value: bigint): AddressClass {
  for (const e of V6_EMBEDDING) {
    if (!inRange6(value, e.net, e.prefix)) continue;
    const v4 = e.extract(value);
    const inner = classifyIPv4(v4);
    return { kind: inner.kind, range: inner.kind === "public" ? "public" : `${e.label}: ${inner.range}`, embedded: formatIPv4(v4) };
  }
  for (const r of V6_RANGES) if (inRange6(value, r.net, r.prefix)) return { kind: r.kind, range: r.label };
  // ::a.b.c.d, deprecated since 2006 (RFC 4291) and never routed: refused whatever it carries
  if (inRange6(value, IPV4_COMPATIBLE.net, IPV4_COMPATIBLE.prefix)) {
    return { kind: "reserved", range: `IPv4-compatible (::/96)`, embedded: formatIPv4(Number(value & 0xffffffffn)) };
  }
  // outside 2000::/3 nothing is allocated for global unicast
  if (!inRange6(value, GLOBAL_UNICAST.net, GLOBAL_UNICAST.prefix)) return { kind: "reserved", range: "reserved (outside 2000::/3)" };
  return { kind: "public", range: "public" };
}

export function classifyAddress(ip: IpAddress): AddressClass {
  return ip.version === 4 ? classifyIPv4(ip.value) : classifyIPv6(ip.value);
}

/** Null when `s` is not an IP address; otherwise its class. */
export function classifyIp(s: string): AddressClass | null {
  const ip = parseIp(s);
  return ip ? classifyAddress(ip) : null;
}

export function isPublicIp(s: string): boolean {
  return classifyIp(s)?.kind === "public";
}

/**
 * The host of a URL as the WHATWG parser leaves it: lower-case, IPv4 in dotted quad, IPv6 in
 * brackets. Returns the IP when the host is one, and the name (without a trailing dot) otherwise.
 */
export function urlHost(url: URL): { ip: IpAddress; text: string } | { name: string } {
  const host = url.hostname;
  const ip = parseIp(host);
  if (ip) return { ip, text: host.startsWith("[") ? host.slice(1, -1) : host };
  return { name: host.replace(/\.$/, "") };
}
