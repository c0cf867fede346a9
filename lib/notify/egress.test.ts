// Where a webhook may send, with resolvers the tests control: the save-time problem a person
// sees, the delivery-time decision over every resolved address, and the allowlist
// (ROLLGATE_WEBHOOK_ALLOWED_HOSTS) that opens named hosts and blocks, and nothing else.
import { describe, expect, it, vi } from "vitest";
import { loadEnv } from "../env";
import { NO_ALLOWED_HOSTS, parseAllowedHosts, type AllowedHosts } from "../http/allowed-hosts";
import { destinationProblem, REFUSED_NON_PUBLIC, REFUSED_NON_PUBLIC_IP, resolveDestination, type Resolver } from "./egress";

const allow = (raw: string): AllowedHosts => {
  const parsed = parseAllowedHosts(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};

/** A resolver from a table; unknown names fail the way dns.lookup does. */
const resolverOf =
  (table: Record<string, string[]>): Resolver =>
  async (name) => {
    const found = table[name];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" });
    return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

const PUBLIC = "93.184.216.34";
const dns = resolverOf({
  "hooks.example.com": [PUBLIC, "2606:2800:220:1:248:1893:25c8:1946"],
  "rebind.example.com": [PUBLIC, "127.0.0.1"],
  "relay.corp.example": ["10.20.0.7"],
  "meta.corp.example": ["169.254.169.254"],
  "mapped.example.com": ["::ffff:127.0.0.1"],
  "v6local.example.com": ["::1"],
  localhost: ["127.0.0.1", "::1"],
});
const policy = (allowedHosts: AllowedHosts = NO_ALLOWED_HOSTS, resolve: Resolver = dns) => ({ allowedHosts, resolve });

const PROBE_URLS = [
  "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
  "http://[::1]/",
  "http://[::ffff:127.0.0.1]/",
  "http://2130706433/",
  "http://0177.0.0.1/",
  "http://127.1/",
  "http://localhost/",
  "http://localhost.:8080/x",
  "http://api.localhost/",
  "http://[64:ff9b::a9fe:a9fe]/",
  "http://[2002:7f00:1::]/",
  "http://100.100.100.200/",
  "http://10.0.0.5/",
  "http://0.0.0.0/",
];

describe("destinationProblem (save time)", () => {
  it.each(PROBE_URLS)("refuses %s", async (url) => {
    const resolve = vi.fn(dns);
    const problem = await destinationProblem(url, policy(NO_ALLOWED_HOSTS, resolve));
    expect(problem).toMatch(/not a public address|loopback/);
    expect(problem).toMatch(/ROLLGATE_WEBHOOK_ALLOWED_HOSTS/);
    // literals and localhost are decided without a lookup
    expect(resolve).not.toHaveBeenCalled();
  });

  it("names the normalised address and its range", async () => {
    expect(await destinationProblem("http://2130706433/", policy())).toMatch(
      /^127\.0\.0\.1 is not a public address: it is loopback \(127\.0\.0\.0\/8\)/,
    );
    expect(await destinationProblem("http://[::ffff:169.254.169.254]/", policy())).toMatch(/IPv4-mapped: cloud metadata service/);
  });

  it("refuses a name that resolves to a non-public address, any one of them", async () => {
    expect(await destinationProblem("https://rebind.example.com/h", policy())).toMatch(
      /^rebind\.example\.com resolves to a non-public address \(loopback/,
    );
    expect(await destinationProblem("https://mapped.example.com/h", policy())).toMatch(/IPv4-mapped: loopback/);
    expect(await destinationProblem("https://v6local.example.com/h", policy())).toMatch(/loopback \(::1\/128\)/);
  });

  it("accepts public addresses and names, and names that do not resolve yet", async () => {
    expect(await destinationProblem("https://hooks.example.com/rollgate", policy())).toBeNull();
    expect(await destinationProblem(`https://${PUBLIC}/x`, policy())).toBeNull();
    expect(await destinationProblem("https://[2606:4700:4700::1111]/x", policy())).toBeNull();
    expect(await destinationProblem("https://not-yet.example.com/x", policy())).toBeNull();
  });

  it("does not wait long for a slow resolver", async () => {
    const never: Resolver = () => new Promise(() => {});
    expect(await destinationProblem("https://slow.example.com/x", policy(NO_ALLOWED_HOSTS, never), { lookupTimeoutMs: 20 })).toBeNull();
  });

  it("the allowlist opens the hosts it names and the blocks it lists", async () => {
    const allowed = allow("relay.corp.example, localhost, 127.0.0.1, 10.99.0.0/16, fd12::/64");
    expect(await destinationProblem("http://relay.corp.example:8080/hook", policy(allowed))).toBeNull();
    expect(await destinationProblem("http://LOCALHOST/hook", policy(allowed))).toBeNull();
    expect(await destinationProblem("http://127.0.0.1:9000/hook", policy(allowed))).toBeNull();
    expect(await destinationProblem("http://2130706433:9000/hook", policy(allowed))).toBeNull(); // the same address
    expect(await destinationProblem("http://[::ffff:127.0.0.1]/hook", policy(allowed))).toBeNull();
    expect(await destinationProblem("http://10.99.3.4/hook", policy(allowed))).toBeNull();
    expect(await destinationProblem("http://[fd12::5]/hook", policy(allowed))).toBeNull();
    // and nothing else
    expect(await destinationProblem("http://127.0.0.2/hook", policy(allowed))).not.toBeNull();
    expect(await destinationProblem("http://10.98.0.1/hook", policy(allowed))).not.toBeNull();
    expect(await destinationProblem("http://api.localhost/hook", policy(allowed))).not.toBeNull();
    expect(await destinationProblem("http://[fd13::5]/hook", policy(allowed))).not.toBeNull();
    expect(await destinationProblem("http://169.254.169.254/", policy(allowed))).not.toBeNull();
  });

  it("an allowlisted name never opens the metadata service", async () => {
    const problem = await destinationProblem("http://meta.corp.example/", policy(allow("meta.corp.example")));
    expect(problem).toMatch(/cloud metadata service/);
  });
});

describe("resolveDestination (delivery time)", () => {
  const opts = { timeoutMs: 1000 };

  it("connects only to checked addresses: all of a public name's addresses", async () => {
    expect(await resolveDestination("https://hooks.example.com/h", policy(), opts)).toEqual({
      ok: true,
      addresses: [
        { address: PUBLIC, family: 4 },
        { address: "2606:2800:220:1:248:1893:25c8:1946", family: 6 },
      ],
    });
    expect(await resolveDestination("http://[2606:4700:4700::1111]:8080/h", policy(), opts)).toEqual({
      ok: true,
      addresses: [{ address: "2606:4700:4700::1111", family: 6 }],
    });
  });

  it("refuses a name when any address it resolves to is not public, with a fixed message", async () => {
    for (const url of [
      "https://rebind.example.com/h",
      "http://localhost:3000/",
      "https://mapped.example.com/",
      "https://v6local.example.com/",
    ]) {
      expect(await resolveDestination(url, policy(), opts)).toEqual({ ok: false, error: REFUSED_NON_PUBLIC });
    }
  });

  it.each(PROBE_URLS.filter((u) => !u.includes("localhost")))("refuses %s (a saved row from before the check)", async (url) => {
    expect(await resolveDestination(url, policy(), opts)).toEqual({ ok: false, error: REFUSED_NON_PUBLIC_IP });
  });

  it("reports lookup failures with fixed messages", async () => {
    expect(await resolveDestination("https://nowhere.example.com/", policy(), opts)).toEqual({
      ok: false,
      error: "host not found (ENOTFOUND)",
    });
    const never: Resolver = () => new Promise(() => {});
    expect(await resolveDestination("https://slow.example.com/", policy(NO_ALLOWED_HOSTS, never), { timeoutMs: 20 })).toEqual({
      ok: false,
      error: "host name lookup timed out",
    });
  });

  it("the allowlist lets a named internal host through, but not to the metadata service", async () => {
    expect(await resolveDestination("http://relay.corp.example/h", policy(allow("relay.corp.example")), opts)).toEqual({
      ok: true,
      addresses: [{ address: "10.20.0.7", family: 4 }],
    });
    expect(await resolveDestination("http://relay.corp.example/h", policy(allow("other.corp.example")), opts)).toMatchObject({ ok: false });
    expect(await resolveDestination("http://meta.corp.example/", policy(allow("meta.corp.example")), opts)).toEqual({
      ok: false,
      error: REFUSED_NON_PUBLIC,
    });
    // a block opens whatever resolves into it
    expect(await resolveDestination("http://relay.corp.example/h", policy(allow("10.20.0.0/24")), opts)).toMatchObject({ ok: true });
  });
});

describe("ROLLGATE_WEBHOOK_ALLOWED_HOSTS", () => {
  it("is empty by default", () => {
    expect(loadEnv({}).webhookAllowedHosts.entries).toEqual([]);
  });

  it("takes host names, IPs and CIDR blocks, comma-separated", () => {
    const e = loadEnv({ ROLLGATE_WEBHOOK_ALLOWED_HOSTS: " Relay.Corp.Example. , 127.0.0.1,10.0.0.0/8, fd00::/8 ,," });
    expect(e.webhookAllowedHosts.entries).toEqual(["relay.corp.example", "127.0.0.1", "10.0.0.0/8", "fd00::/8"]);
    expect([...e.webhookAllowedHosts.names]).toEqual(["relay.corp.example"]);
    expect(e.webhookAllowedHosts.blocks).toHaveLength(3);
  });

  it.each(["10.0.0.0/33", "fd00::/129", "http://relay.corp", "relay corp", "*.corp.example", "127.1", "10.0.0.0/8/1"])(
    "refuses %s, naming the variable",
    (raw) => {
      expect(() => loadEnv({ ROLLGATE_WEBHOOK_ALLOWED_HOSTS: raw })).toThrow(/ROLLGATE_WEBHOOK_ALLOWED_HOSTS: ".+" is not/);
    },
  );
});
