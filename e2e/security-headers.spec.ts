// The security headers on what the server answers: pages carry a Content-Security-Policy with a
// fresh nonce that Next.js puts on its scripts (every other spec runs its pages under it and fails
// on a violation, see fixtures.ts), the REST API and the routing data plane a policy that allows
// nothing, and no page can be framed by another origin — not even one on the same host.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { E2E } from "./env";
import { authFile, expect, test } from "./fixtures";

const BASE = ["x-content-type-options", "x-frame-options", "referrer-policy"] as const;

function expectBaseHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  // NEXTAUTH_URL is http here: no HSTS
  expect(headers["strict-transport-security"]).toBeUndefined();
}

test.describe("headers", () => {
  test.use({ storageState: authFile("viewer") });

  test("a page has a nonce-based CSP, and the nonce is on Next's scripts and new on every response", async ({ request }) => {
    const nonces: string[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await request.get("/models");
      expect(res.status()).toBe(200);
      const headers = res.headers();
      expectBaseHeaders(headers);
      const csp = headers["content-security-policy"]!;
      expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      const html = await res.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  test("the REST API and the routing data plane carry them too, with a CSP that allows nothing", async ({ request, api }) => {
    const health = await request.get("/api/health");
    expectBaseHeaders(health.headers());
    expect(health.headers()["content-security-policy"]).toContain("default-src 'none'");

    const token = await api.createToken(["routes:read"]);
    const routes = await api.get("/api/v1/models/fraud-score/routes", token);
    expect(routes.status()).toBe(200);
    expectBaseHeaders(routes.headers());
    expect(routes.headers()["content-security-policy"]).toContain("default-src 'none'");
    // refusals too
    const refused = await request.get("/api/v1/models/fraud-score/resolve?key=k");
    expect(refused.status()).toBe(401);
    for (const name of BASE) expect(refused.headers()[name]).toBeTruthy();
  });
});

test.describe("framing", () => {
  test.use({ storageState: authFile("operator"), allowedCspViolations: [/frame-ancestors|X-Frame-Options|Refused to (display|frame)/i] });
  let other: Server;
  let otherOrigin: string;
  test.beforeAll(async () => {
    // another origin on the same host (same site: the session cookie would go along)
    other = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        `<!doctype html><title>elsewhere</title><iframe id="f" src="${E2E.baseURL}/models/fraud-score/release" width="800" height="600"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    otherOrigin = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });

  test("another origin cannot frame the release page", async ({ page }) => {
    const refusals: string[] = [];
    page.on("console", (m) => {
      if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refusals.push(m.text());
    });
    // the page itself, unframed, shows the release with its Rollback button
    await page.goto("/models/fraud-score/release");
    await expect(page.getByRole("button", { name: "Rollback", exact: true })).toBeVisible();

    await page.goto(otherOrigin);
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    const framed = page.frames().find((f) => f !== page.mainFrame());
    // the browser shows its own error page in the frame instead of Rollgate's
    expect(framed?.url() ?? "").not.toContain("/models/fraud-score/release");
    await expect(page.frameLocator("#f").getByRole("button", { name: "Rollback", exact: true })).toHaveCount(0);
  });
});
