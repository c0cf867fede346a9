// Single sign-on in the browser, against the test identity provider (e2e/idp-server.ts): the
// provider's login page, the role the groups map to, a group removed at the provider taking
// effect at the next sign-in, no access for someone without a mapped group, and answers from the
// provider that must not be believed (a wrong issuer, a bad signature, a wrong audience, a
// callback replayed from another browser).
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { E2E_IDP } from "./env";
import { expect, test } from "./fixtures";
import { idpPerson, putIdpUser, type IdpUser, type Tamper } from "./idp-control";

// every test signs in at the provider in browsers of its own: slow on a busy machine
test.describe.configure({ timeout: 90_000 });

const SSO_BUTTON = `Sign in with ${E2E_IDP.name}`;
const REFUSED = `Sign-in with ${E2E_IDP.name} was refused: the identity provider's answer could not be verified`;

/** A browser with no session of Rollgate's or the provider's. */
const freshBrowser = (browser: Browser): Promise<BrowserContext> => browser.newContext({ storageState: { cookies: [], origins: [] } });

/** Clicks the button on the sign-in page and, when the provider asks, signs in on its login form. */
async function signInWithSso(page: Page, person: IdpUser, callbackUrl = "/models"): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByRole("button", { name: SSO_BUTTON }).click();
  await page.waitForURL((url) => url.origin === E2E_IDP.issuer || !url.pathname.startsWith("/sign-in"));
  if (new URL(page.url()).origin === E2E_IDP.issuer) {
    await expect(page.getByRole("heading", { name: "Test IdP" })).toBeVisible();
    await page.getByLabel("Username").fill(person.login);
    await page.getByLabel("Password").fill(person.password);
    await page.getByRole("button", { name: "Sign in to Test IdP" }).click();
  }
  await page.waitForURL((url) => url.origin !== E2E_IDP.issuer);
}

test("signing in with the company's provider lands signed in, with the role the groups map to", async ({ browser }) => {
  const lee = await putIdpUser(idpPerson(["ml-leads", "risk-ml"]));
  const context = await freshBrowser(browser);
  const page = await context.newPage();

  await page.goto("/sign-in");
  await expect(page.getByText(`Use your ${E2E_IDP.name} account, or the email and password an admin gave you.`)).toBeVisible();
  await signInWithSso(page, lee);
  await expect(page).toHaveURL(/\/models$/);
  await expect(page.getByTestId("current-role")).toHaveText("approver");
  await expect(page.getByTestId("current-user")).toContainText(lee.name);

  // the approver sees the approval queue, like any approver
  await page.goto("/approvals");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/approvals/);
  await context.close();
});

test("a group removed at the provider changes the role at the next sign-in, and no mapped group means no access", async ({ browser }) => {
  const sam = await putIdpUser(idpPerson(["ml-leads"]));
  // two devices: the laptop keeps its session while the phone signs in again
  const laptop = await freshBrowser(browser);
  const laptopPage = await laptop.newPage();
  await signInWithSso(laptopPage, sam);
  await expect(laptopPage.getByTestId("current-role")).toHaveText("approver");

  await putIdpUser({ ...sam, groups: ["sre"] });
  const phone = await freshBrowser(browser);
  const phonePage = await phone.newPage();
  await signInWithSso(phonePage, sam);
  await expect(phonePage.getByTestId("current-role")).toHaveText("operator");
  // the role changed: the session signed in as approver has ended
  await laptopPage.reload();
  await expect(laptopPage).toHaveURL(/\/sign-in/);

  await putIdpUser({ ...sam, groups: ["everyone"] });
  const third = await freshBrowser(browser);
  const thirdPage = await third.newPage();
  await signInWithSso(thirdPage, sam);
  await expect(thirdPage).toHaveURL(/\/no-access\?reason=no-role/);
  await expect(thirdPage.getByRole("heading", { name: "You don’t have access to Rollgate" })).toBeVisible();
  await expect(thirdPage.getByText(`You signed in with ${E2E_IDP.name}, but none of your groups there gives access`)).toBeVisible();
  await expect(thirdPage.getByText("Ask your Rollgate admin")).toBeVisible();
  // and the operator's session on the phone ended with it
  await phonePage.reload();
  await expect(phonePage).toHaveURL(/\/sign-in/);
  // the way back is the sign-in page
  await thirdPage.getByRole("link", { name: "Back to sign-in" }).click();
  await expect(thirdPage.getByRole("button", { name: SSO_BUTTON })).toBeVisible();

  // back in a mapped group: the account is enabled again
  await putIdpUser({ ...sam, groups: ["ml-admins"] });
  await signInWithSso(thirdPage, sam);
  await expect(thirdPage.getByTestId("current-role")).toHaveText("admin");
  for (const c of [laptop, phone, third]) await c.close();
});

for (const tamper of ["wrong-issuer", "bad-signature", "wrong-audience"] as const satisfies readonly Tamper[]) {
  test(`an ID token with a ${tamper.replace("-", " ")} is refused with a clear message`, async ({ browser }) => {
    const mallory = await putIdpUser(idpPerson(["ml-admins"], { tamper }));
    const context = await freshBrowser(browser);
    const page = await context.newPage();
    await signInWithSso(page, mallory);
    await expect(page).toHaveURL(/\/sign-in\?.*\berror=OAuthCallback\b/);
    await expect(page.getByRole("alert", { name: "Sign-in failed" })).toContainText(REFUSED);
    await expect(page.getByRole("button", { name: SSO_BUTTON })).toBeVisible();
    // nobody is signed in
    expect((await context.request.get("/api/v1/models")).status()).toBe(401);
    await context.close();
  });
}

test("a callback replayed in another browser (the same code and state) is refused", async ({ browser }) => {
  const lee = await putIdpUser(idpPerson(["ml-leads"]));
  const context = await freshBrowser(browser);
  const page = await context.newPage();
  let callback: string | null = null;
  page.on("request", (req) => {
    if (req.url().includes("/api/auth/callback/oidc?")) callback ??= req.url();
  });
  await signInWithSso(page, lee);
  await expect(page.getByTestId("current-role")).toHaveText("approver");
  expect(callback).toContain("code=");

  const attacker = await freshBrowser(browser);
  const replay = await attacker.newPage();
  await replay.goto(callback!);
  await expect(replay).toHaveURL(/\/sign-in\?.*\berror=OAuthCallback\b/);
  await expect(replay.getByRole("alert", { name: "Sign-in failed" })).toContainText(REFUSED);
  expect((await attacker.request.get("/api/v1/models")).status()).toBe(401);

  // and in the browser that used it, after signing out
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/sign-in"));
  await page.goto(callback!);
  await expect(page).toHaveURL(/\/sign-in\?.*\berror=OAuthCallback\b/);
  await expect(page.getByRole("alert", { name: "Sign-in failed" })).toContainText(REFUSED);
  for (const c of [context, attacker]) await c.close();
});
