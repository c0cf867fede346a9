// An admin creates an API token in Settings; CI uses it to register a version over HTTP, and
// the version appears on the model page. The token's secret is shown once and never again.
import { authFile, expect, manifestFor, test } from "./fixtures";

test.use({ storageState: authFile("admin") });

test("admin creates a token in the UI and CI registers a version with it", async ({ page, api, modelKey }) => {
  const tokenName = `ci-${modelKey}`;
  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill(tokenName);
  await page.getByRole("checkbox", { name: /registry:write/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();

  const secretBox = page.getByTestId("new-token-secret");
  await expect(secretBox).toBeVisible();
  await expect(page.getByText("This token is shown only once")).toBeVisible();
  const secret = (await secretBox.textContent())?.trim() ?? "";
  expect(secret).toMatch(/^rg_[\w-]{40,}$/);
  const row = page.getByRole("row").filter({ hasText: tokenName });
  await expect(row).toContainText("registry:write");

  // CI registers its first version with the new token
  const manifest = manifestFor(modelKey, "2026-03-02.1");
  const created = await api.registerVersion(modelKey, manifest, secret);
  expect(created.status()).toBe(201);
  expect(await created.json()).toMatchObject({ model: modelKey, version: "2026-03-02.1", stage: "DEV" });

  // an unknown token is refused
  expect((await api.registerVersion(modelKey, manifest, "rg_not-a-real-token")).status()).toBe(401);

  await page.goto(`/models/${modelKey}`);
  await expect(page.getByRole("heading", { name: modelKey })).toBeVisible();
  const versionRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "2026-03-02.1", exact: true }) });
  await expect(versionRow).toContainText("DEV");
  await expect(versionRow).toContainText(tokenName);

  // after a reload the secret is gone for good: only its prefix is listed
  await page.goto("/settings/tokens");
  await expect(page.getByTestId("new-token-secret")).toHaveCount(0);
  await expect(page.getByText(secret)).toHaveCount(0);
  await expect(page.getByRole("row").filter({ hasText: tokenName })).toContainText(secret.slice(0, 10));
});
