// Sessions, redirects and cross-site writes through the real server and browser: a copied
// session cookie after sign-out, callback URLs with control characters, and writes that
// another site makes a signed-in browser send.
// Signs in as the demo's second approver, whom no other spec uses: signing out ends every
// session of that account.
import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { DEMO_PASSWORD } from "../lib/demo/accounts";
import { E2E } from "./env";

const EMAIL = "approver2@rollgate.demo";

// each test signs in through the form in a browser of its own: slow on a busy machine
test.describe.configure({ mode: "serial", timeout: 120_000 });

async function signedIn(browser: Browser, callbackUrl?: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(callbackUrl === undefined ? "/sign-in" : `/sign-in?callbackUrl=${callbackUrl}`);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return context;
}

test("a session cookie copied before sign-out no longer works after it", async ({ browser }) => {
  const context = await signedIn(browser);
  const copied = await context.cookies();
  expect((await context.request.get("/api/v1/models")).status()).toBe(200);

  const page = context.pages()[0]!;
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/sign-in"));

  // someone who kept the cookie
  const thief = await browser.newContext();
  await thief.addCookies(copied);
  expect((await thief.request.get("/api/v1/models")).status()).toBe(401);
  const stolen = await thief.newPage();
  await stolen.goto("/models");
  await expect(stolen).toHaveURL(/\/sign-in/);
  await thief.close();
  await context.close();
});

test("callback URLs with tabs and newlines stay on this site and never fail", async ({ browser }) => {
  // signing in with a crafted link: the browser would drop the tab and go to //evil.example
  const context = await signedIn(browser, "/%09/evil.example/phish");
  const page = context.pages()[0]!;
  expect(new URL(page.url()).origin).toBe(E2E.baseURL);
  await expect(page.getByTestId("current-user")).toBeVisible();

  // already signed in: the sign-in page redirects at once, with a newline or CR in the target
  for (const raw of ["%0a/evil.example", "/%0a/evil.example/phish", "/%0d/evil.example", "/models%0d%0aSet-Cookie:%20x=1"]) {
    const res = await context.request.get(`/sign-in?callbackUrl=${raw}`, { maxRedirects: 0 });
    expect(res.status(), raw).toBeLessThan(500);
    expect(res.status(), raw).toBeGreaterThanOrEqual(300);
    const location = res.headers()["location"] ?? "";
    expect(new URL(location, E2E.baseURL).origin, raw).toBe(E2E.baseURL);
    expect(res.headers()["set-cookie"] ?? "").not.toContain("x=1");
  }
  await context.close();
});

test("writes another site makes a signed-in browser send are refused with 403", async ({ browser }) => {
  const context = await signedIn(browser);
  const evil = { origin: "https://evil.example" };

  // a REST write on the session cookie
  const rest = await context.request.post("/api/v1/models/fraud-score/release/evaluate", { headers: evil, data: {} });
  expect(rest.status()).toBe(403);
  expect(await rest.json()).toMatchObject({ error: { message: expect.stringMatching(/came from https:\/\/evil\.example/) } });
  // the same without Origin: no browser sends a write like that
  const bare = await context.request.post("/api/v1/models/fraud-score/release/evaluate", { data: {} });
  expect(bare.status()).toBe(403);

  // a server action posted from another origin (Next.js alone answers 500)
  const action = await context.request.post("/settings/users", {
    headers: { ...evil, "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
    data: "[]",
  });
  expect(action.status()).toBe(403);
  await context.close();
});
