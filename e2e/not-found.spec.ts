// An address that names nothing answers HTTP 404 with the not-found page, for a signed-in user
// too: the pages' loading states must not have been sent (with 200) before the lookup failed.
import { authFile, expect, test } from "./fixtures";

test.use({ storageState: authFile("admin") });

const MISSING = [
  "/models/no-such-model",
  "/models/no-such-model/release",
  "/models/no-such-model/metrics",
  "/models/fraud-score/versions/0000-00-00.0",
  "/approvals/no-such-model/1.0.0",
  "/approvals/fraud-score/0000-00-00.0",
  "/incidents/no-such-incident",
  "/settings/webhooks/no-such-webhook",
  "/no-such-page",
];

for (const path of MISSING) {
  test(`${path} answers 404 with the not-found page`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/not found|doesn.t exist|no such/i);
  });
}

test("an address that exists still answers 200", async ({ page }) => {
  expect((await page.goto("/models/fraud-score"))?.status()).toBe(200);
  expect((await page.goto("/models/fraud-score/metrics"))?.status()).toBe(200);
});
