// The policies themselves (the headers on real responses: e2e/security-headers.spec.ts).
import { describe, expect, it } from "vitest";
import { apiSecurityHeaders, baseSecurityHeaders, newNonce, pageCsp } from "./security-headers";

describe("security headers", () => {
  it("refuse framing and sniffing everywhere; HSTS only for an https public URL", () => {
    for (const h of [baseSecurityHeaders({ https: false }), apiSecurityHeaders({ https: false })]) {
      expect(h).toMatchObject({
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
      });
      expect(h["strict-transport-security"]).toBeUndefined();
    }
    expect(baseSecurityHeaders({ https: true })["strict-transport-security"]).toMatch(/^max-age=\d{8}/);
    expect(apiSecurityHeaders({ https: false })["content-security-policy"]).toMatch(/^default-src 'none';.*frame-ancestors 'none'/);
  });

  it("page scripts run only with the nonce; eval only in development; inline only for styles", () => {
    const nonce = newNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(nonce);
    const csp = pageCsp(nonce, { https: false });
    const directive = (name: string) => csp.split("; ").find((d) => d.startsWith(`${name} `));
    expect(directive("script-src")).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(directive("style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive("object-src")).toBe("object-src 'none'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(pageCsp(nonce, { https: false, dev: true })).toContain(`'nonce-${nonce}' 'strict-dynamic' 'unsafe-eval'`);
    expect(pageCsp(nonce, { https: true })).toContain("upgrade-insecure-requests");
  });
});
