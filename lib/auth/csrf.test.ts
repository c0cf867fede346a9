import { describe, expect, it } from "vitest";
import { crossSiteWriteReason, refuseCrossSiteAction } from "./csrf";

const PUBLIC = "https://rollgate.example.com";
const h = (o: Record<string, string>) => new Headers(o);

describe("crossSiteWriteReason", () => {
  it("lets a write from this site through", () => {
    expect(crossSiteWriteReason(h({ origin: PUBLIC }), PUBLIC)).toBeNull();
    expect(crossSiteWriteReason(h({ origin: PUBLIC, "sec-fetch-site": "same-origin" }), PUBLIC)).toBeNull();
    // reached under the host the request was sent to, as Next.js accepts for server actions
    expect(crossSiteWriteReason(h({ origin: "http://10.0.0.5:3000", host: "10.0.0.5:3000" }), PUBLIC)).toBeNull();
  });

  it("refuses another origin, a missing one, and a cross-site fetch", () => {
    expect(crossSiteWriteReason(h({ origin: "https://evil.example" }), PUBLIC)).toMatch(
      /came from https:\/\/evil\.example, not from https:\/\/rollgate\.example\.com/,
    );
    expect(crossSiteWriteReason(h({ origin: "https://evil.example", host: "rollgate.example.com" }), PUBLIC)).toMatch(/evil/);
    expect(crossSiteWriteReason(h({}), PUBLIC)).toMatch(/must carry an Origin header/);
    expect(crossSiteWriteReason(h({ origin: "null" }), PUBLIC)).toMatch(/not a URL|came from/);
    expect(crossSiteWriteReason(h({ origin: PUBLIC, "sec-fetch-site": "cross-site" }), PUBLIC)).toMatch(/another site/);
    expect(crossSiteWriteReason(h({ origin: PUBLIC, "sec-fetch-site": "same-site" }), PUBLIC)).toMatch(/another site/);
    expect(crossSiteWriteReason(h({ origin: "https://rollgate.example.com.evil.example" }), PUBLIC)).not.toBeNull();
  });
});

function fakeRes() {
  const res = { statusCode: 200, headers: {} as Record<string, string>, body: undefined as string | undefined };
  return Object.assign(res, {
    setHeader: (n: string, v: string) => void (res.headers[n] = v),
    end: (b?: string) => void (res.body = b),
  });
}

describe("refuseCrossSiteAction (server.ts, before Next.js)", () => {
  const action = (headers: Record<string, string>, url = "/settings/users") => ({ method: "POST", url, headers });

  it("answers 403 to a server action from another site, which Next.js answers with a 500", () => {
    const res = fakeRes();
    expect(
      refuseCrossSiteAction(action({ "next-action": "abc", origin: "https://evil.example", host: "rollgate.example.com" }), res, PUBLIC),
    ).toBe(true);
    expect(res.statusCode).toBe(403);
    expect(res.body).toMatch(/came from https:\/\/evil\.example/);
  });

  it("refuses a plain cross-site form post to a page, and a cross-site fetch", () => {
    const form = fakeRes();
    expect(
      refuseCrossSiteAction(action({ "content-type": "multipart/form-data; boundary=x", origin: "https://evil.example" }), form, PUBLIC),
    ).toBe(true);
    expect(form.statusCode).toBe(403);
    const fetched = fakeRes();
    expect(refuseCrossSiteAction(action({ "next-action": "abc", origin: PUBLIC, "sec-fetch-site": "cross-site" }), fetched, PUBLIC)).toBe(
      true,
    );
    expect(fetched.statusCode).toBe(403);
  });

  it("leaves same-site actions, reads and /api to their own handlers", () => {
    const res = fakeRes();
    expect(refuseCrossSiteAction(action({ "next-action": "abc", origin: PUBLIC }), res, PUBLIC)).toBe(false);
    // no Origin: not a browser; Next.js handles it as it does
    expect(refuseCrossSiteAction(action({ "next-action": "abc" }), res, PUBLIC)).toBe(false);
    expect(refuseCrossSiteAction({ method: "GET", url: "/models", headers: { origin: "https://evil.example" } }, res, PUBLIC)).toBe(false);
    expect(
      refuseCrossSiteAction(
        action({ "content-type": "application/json", origin: "https://evil.example" }, "/api/v1/telemetry"),
        res,
        PUBLIC,
      ),
    ).toBe(false);
    expect(
      refuseCrossSiteAction(
        action({ "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" }, "/api/auth/callback/credentials"),
        res,
        PUBLIC,
      ),
    ).toBe(false);
    expect(res.statusCode).toBe(200);
  });
});
