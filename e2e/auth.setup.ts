// Signs in once per role through the real sign-in form and saves the session, so specs start
// signed in: test.use({ storageState: authFile("viewer") }). The sign-in page runs under the
// CSP guard like every spec (fixtures.ts).
import { accountFor, authFile, ROLES } from "./env";
import { expect, test as setup } from "./fixtures";

for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const account = accountFor(role);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await expect(page.getByTestId("current-role")).toHaveText(role);
    await page.context().storageState({ path: authFile(role) });
  });
}
