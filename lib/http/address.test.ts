// The address classifier behind webhook egress: every non-public form the security probe tried
// (through the WHATWG URL parser, as a saved URL is read), the IANA special-purpose ranges for
// IPv4 and IPv6, and IPv6 forms that carry an IPv4 address.
import { describe, expect, it } from "vitest";
import { classifyIp, parseIPv4, parseIPv6, urlHost, type AddressKind } from "./address";

/** The class of a URL's host, read the way the service and the delivery loop read it. */
function classifyUrlHost(raw: string): { kind: AddressKind; range: string } | "name" {
  const host = urlHost(new URL(raw));
  if ("name" in host) return "name";
  return classifyIp(host.text)!;
}

describe("the security probe's URLs", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data/", "metadata"],
    ["http://[::1]/", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "loopback"],
    ["http://2130706433/", "loopback"],
    ["http://0177.0.0.1/", "loopback"],
    ["http://127.1/", "loopback"],
    ["http://0x7f.0.0.1/", "loopback"],
    ["http://0x7f000001/", "loopback"],
    ["http://127.000.000.001/", "loopback"],
    ["http://0/", "unspecified"],
    ["http://0.0.0.0:8080/", "unspecified"],
    ["http://[0:0:0:0:0:ffff:7f00:1]/", "loopback"],
    ["http://[::ffff:169.254.169.254]/", "metadata"],
    ["http://[::ffff:a9fe:a9fe]/", "metadata"],
    ["http://[64:ff9b::169.254.169.254]/", "metadata"],
    ["http://[64:ff9b::7f00:1]/", "loopback"],
    ["http://[2002:7f00:1::]/", "loopback"],
    ["http://[2002:a00:1::1]/", "private"],
    ["http://[::127.0.0.1]/", "reserved"],
    ["http://[::]/", "unspecified"],
    ["http://[fd00:ec2::254]/", "metadata"],
    ["http://[fe80::1]/", "link-local"],
    ["http://[fc00::1]/", "private"],
    ["http://[fd12:3456::1]/", "private"],
  ])("%s is %s", (url, kind) => {
    const got = classifyUrlHost(url);
    expect(got).not.toBe("name");
    expect((got as { kind: string }).kind).toBe(kind);
  });

  it("localhost is a name (refused by name at save time, by what it resolves to at delivery)", () => {
    expect(classifyUrlHost("http://localhost:3000/")).toBe("name");
    expect(classifyUrlHost("http://LOCALHOST./")).toBe("name");
    expect(urlHost(new URL("http://LOCALHOST./"))).toEqual({ name: "localhost" });
  });
});

describe("IPv4", () => {
  it.each<[string, AddressKind]>([
    ["0.1.2.3", "unspecified"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.254", "shared"],
    ["100.100.100.200", "metadata"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["169.254.0.1", "link-local"],
    ["169.254.169.254", "metadata"],
    ["169.254.170.2", "link-local"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.0.0.8", "reserved"],
    ["192.0.0.192", "metadata"],
    ["192.0.2.10", "documentation"],
    ["192.88.99.1", "reserved"],
    ["192.168.1.1", "private"],
    ["198.18.0.1", "benchmarking"],
    ["198.19.255.255", "benchmarking"],
    ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    // the public neighbours of those ranges
    ["1.1.1.1", "public"],
    ["8.8.8.8", "public"],
    ["9.255.255.255", "public"],
    ["11.0.0.0", "public"],
    ["100.63.255.255", "public"],
    ["100.128.0.0", "public"],
    ["126.255.255.255", "public"],
    ["128.0.0.0", "public"],
    ["169.253.255.255", "public"],
    ["169.255.0.0", "public"],
    ["172.15.255.255", "public"],
    ["172.32.0.0", "public"],
    ["192.0.1.1", "public"],
    ["192.167.255.255", "public"],
    ["192.169.0.0", "public"],
    ["198.17.255.255", "public"],
    ["198.20.0.0", "public"],
    ["223.255.255.255", "public"],
    ["93.184.216.34", "public"],
  ])("%s is %s", (ip, kind) => {
    expect(classifyIp(ip)?.kind).toBe(kind);
  });
});

describe("IPv6", () => {
  it.each<[string, AddressKind]>([
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["0:0:0:0:0:0:0:1", "loopback"],
    ["[::1]", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:192.168.0.1", "private"],
    ["::ffff:100.64.0.1", "shared"],
    ["::ffff:0.0.0.0", "unspecified"],
    ["::ffff:8.8.8.8", "public"],
    ["::ffff:0:127.0.0.1", "loopback"], // IPv4-translated
    ["::7f00:1", "reserved"], // IPv4-compatible, deprecated
    ["::8.8.8.8", "reserved"],
    ["64:ff9b::127.0.0.1", "loopback"],
    ["64:ff9b::10.0.0.1", "private"],
    ["64:ff9b::8.8.8.8", "public"],
    ["64:ff9b:1::1", "private"],
    ["2002:7f00:0001::1", "loopback"], // 6to4 of 127.0.0.1
    ["2002:c0a8:0101::", "private"], // 6to4 of 192.168.1.1
    ["2002:a9fe:a9fe::1", "metadata"],
    ["2002:0808:0808::1", "public"],
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"], // Teredo
    ["2001:2::1", "reserved"], // benchmarking
    ["2001:10::1", "reserved"], // ORCHID
    ["2001:db8::1", "documentation"],
    ["3fff::1", "documentation"],
    ["100::1", "reserved"], // discard-only
    ["fc00::1", "private"],
    ["fdff:ffff::1", "private"],
    ["fd00:ec2::254", "metadata"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["fec0::1", "private"], // site-local, deprecated
    ["ff02::1", "multicast"],
    ["ff05::2", "multicast"],
    ["4000::1", "reserved"], // outside 2000::/3
    ["5f00::1", "reserved"], // SRv6 SIDs
    ["2606:4700:4700::1111", "public"],
    ["2001:4860:4860::8888", "public"],
    ["2a00:1450:4001:80b::200e", "public"],
    ["2001:200::1", "public"], // just past 2001::/23
    ["3ffe::1", "public"],
  ])("%s is %s", (ip, kind) => {
    expect(classifyIp(ip)?.kind).toBe(kind);
  });

  it("names the carried IPv4 address and the range", () => {
    expect(classifyIp("::ffff:169.254.169.254")).toEqual({
      kind: "metadata",
      range: "IPv4-mapped: cloud metadata service (169.254.169.254/32)",
      embedded: "169.254.169.254",
    });
    expect(classifyIp("2002:c0a8:0101::")?.embedded).toBe("192.168.1.1");
  });
});

describe("parsing", () => {
  it("reads only canonical dotted quads as IPv4 (the URL parser has already normalised the rest)", () => {
    expect(parseIPv4("127.0.0.1")).toBe(0x7f000001);
    for (const s of ["127.1", "0177.0.0.1", "2130706433", "127.0.0.01", "256.0.0.1", "1.2.3.4.5", "", "a.b.c.d"]) {
      expect(parseIPv4(s)).toBeNull();
    }
  });

  it("reads IPv6 text forms and refuses malformed ones", () => {
    expect(parseIPv6("::1")).toBe(1n);
    expect(parseIPv6("1::")).toBe(1n << 112n);
    expect(parseIPv6("1:2:3:4:5:6:7:8")).toBe(0x00010002000300040005000600070008n);
    expect(parseIPv6("::ffff:1.2.3.4")).toBe(0xffff01020304n);
    for (const s of [
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      ":1::",
      "12345::",
      "::g",
      "1.2.3.4",
      "::1.2.3",
      "hooks.example.com",
    ]) {
      expect(parseIPv6(s)).toBeNull();
    }
  });

  it("host names are not addresses", () => {
    for (const s of ["hooks.slack.com", "localhost", "1.2.3.4.nip.io", "example"]) expect(classifyIp(s)).toBeNull();
  });
});
