import { describe, expect, it } from "vitest";
import { safeCallbackUrl, sameOriginPath } from "./callback-url";

const ORIGIN = "http://127.0.0.1:3000";

describe("safeCallbackUrl", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeCallbackUrl("/models/fraud?tab=versions")).toBe("/models/fraud?tab=versions");
    expect(safeCallbackUrl("/models/fraud?tab=versions#top", ORIGIN)).toBe("/models/fraud?tab=versions#top");
  });

  it("defaults to /models when missing", () => {
    expect(safeCallbackUrl(undefined)).toBe("/");
    expect(safeCallbackUrl(null)).toBe("/");
    expect(safeCallbackUrl("")).toBe("/");
  });

  it("refuses other sites and protocol-relative URLs", () => {
    expect(safeCallbackUrl("https://evil.example/x", ORIGIN)).toBe("/");
    expect(safeCallbackUrl("//evil.example/x")).toBe("/");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/");
    expect(safeCallbackUrl("javascript:alert(1)", ORIGIN)).toBe("/");
    expect(safeCallbackUrl("models")).toBe("/");
  });

  // Each of these takes a browser to another site (or breaks a Location header) once the
  // browser has dropped tabs and newlines, trimmed controls and read backslashes as slashes.
  const nasty: [string, string][] = [
    ["/\t/evil.example/phish", "tab between the slashes"],
    ["/\n/evil.example/phish", "newline between the slashes"],
    ["/\r/evil.example/phish", "carriage return between the slashes"],
    ["/\r\n/evil.example", "CRLF between the slashes"],
    ["\t//evil.example", "leading tab"],
    ["\u0000//evil.example", "leading NUL"],
    [" \u001f//evil.example", "leading space and unit separator"],
    ["//evil.example\u0000", "trailing NUL"],
    ["/\\/evil.example", "slash backslash slash"],
    ["\\\\evil.example", "two backslashes"],
    ["\\/evil.example", "backslash slash"],
    ["/\t\\evil.example", "slash, tab, backslash"],
    ["/.//evil.example", "a dot segment that leaves two slashes"],
    ["/..//evil.example", "a dot-dot segment that leaves two slashes"],
    ["https:evil.example", "scheme without slashes"],
    ["https:/\tevil.example", "scheme, slash, tab"],
    ["http://127.0.0.1:3000@evil.example/", "this origin as user info"],
    ["http://user:pass@127.0.0.1:3000/models", "user info on this origin"],
    ["data:text/html,<script>alert(1)</script>", "data URL"],
    ["java\tscript:alert(1)", "javascript with a tab"],
    ["\u0001javascript:alert(1)", "javascript after a control"],
    ["http://127.0.0.1:3001/models", "another port"],
    ["https://127.0.0.1:3000/models", "another scheme"],
    ["?callbackUrl=x", "a bare query"],
  ];
  it.each(nasty)("refuses %j (%s)", (raw) => {
    expect(safeCallbackUrl(raw, ORIGIN)).toBe("/");
  });

  it("returns only text a Location header can carry", () => {
    for (const raw of ["/models\n/x", "/models?q=a\r\nSet-Cookie: x=1", "/models#\u0000", "/mödels?q=ä b"]) {
      const out = safeCallbackUrl(raw, ORIGIN);
      expect(out).toMatch(/^\/[\x21-\x7e]*$/);
    }
    expect(safeCallbackUrl("/models\n/x", ORIGIN)).toBe("/models/x");
  });

  it("turns an absolute URL on the same origin into its path", () => {
    expect(safeCallbackUrl("http://127.0.0.1:3000/audit?model=x", ORIGIN)).toBe("/audit?model=x");
    expect(safeCallbackUrl("http://127.0.0.1:3000/audit")).toBe("/");
  });

  it("never returns to the sign-in or setup pages", () => {
    expect(safeCallbackUrl("/sign-in?callbackUrl=/models")).toBe("/");
    expect(safeCallbackUrl("/setup")).toBe("/");
    expect(safeCallbackUrl("/\tsign-in")).toBe("/");
    expect(safeCallbackUrl("/settings")).toBe("/settings");
  });
});

describe("sameOriginPath (next-auth's redirect callback)", () => {
  it("keeps the sign-in page, which sign-out goes back to", () => {
    expect(sameOriginPath("/sign-in", ORIGIN)).toBe("/sign-in");
    expect(sameOriginPath(`${ORIGIN}/sign-in`, ORIGIN)).toBe("/sign-in");
  });

  it("refuses what leaves the origin", () => {
    expect(sameOriginPath("/\t/evil.example", ORIGIN)).toBeNull();
    expect(sameOriginPath("https://evil.example", ORIGIN)).toBeNull();
    expect(sameOriginPath("/x", "not a url")).toBeNull();
  });
});
