// The data plane's request parsing: the resolve query and If-None-Match. (The endpoints
// themselves, against a real database: tests/integration/routing.test.ts.)
import { describe, expect, it } from "vitest";
import { matchesEtag, resolveQuery } from "./data-plane";

describe("resolveQuery", () => {
  it("reads tenant and key, percent- and plus-decoded; the first of each wins", () => {
    expect(resolveQuery("tenant=acme&key=user-1")).toEqual({ tenant: "acme", key: "user-1", issues: [] });
    expect(resolveQuery("key=a%2Fb+c&tenant=t%C3%A9&key=other&x=1")).toEqual({ tenant: "té", key: "a/b c", issues: [] });
    expect(resolveQuery("tenant=acme")).toEqual({ tenant: "acme", key: null, issues: [] });
    expect(resolveQuery("tenant=acme&key=")).toEqual({ tenant: "acme", key: null, issues: [] });
  });

  it("names the field of every problem", () => {
    expect(resolveQuery("").issues).toEqual([{ path: "key", message: expect.stringContaining("tenant") }]);
    expect(resolveQuery("tenant=&key=").issues.map((i) => i.path)).toEqual(["key"]);
    expect(resolveQuery("tenant=%E0%A4%A&key=k").issues).toEqual([{ path: "tenant", message: "is not valid percent-encoding" }]);
    const long = "x".repeat(257);
    expect(resolveQuery(`tenant=${long}&key=${long}`).issues.map((i) => i.path)).toEqual(["tenant", "key"]);
  });
});

describe("matchesEtag", () => {
  it("matches the tag, a list, a weak tag or *", () => {
    expect(matchesEtag('"7"', '"7"')).toBe(true);
    expect(matchesEtag('"6", "7"', '"7"')).toBe(true);
    expect(matchesEtag('W/"7"', '"7"')).toBe(true);
    expect(matchesEtag("*", '"7"')).toBe(true);
    expect(matchesEtag('"6"', '"7"')).toBe(false);
    expect(matchesEtag("7", '"7"')).toBe(false);
    expect(matchesEtag(undefined, '"7"')).toBe(false);
  });
});
