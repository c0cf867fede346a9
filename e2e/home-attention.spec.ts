// The home page answers "is anything wrong, and is anything waiting for me?". An operator signs
// in and lands there. A canary someone paused shows up as held and opens its release page;
// once it is rolled back, the open incident shows up instead and opens the incident. The models
// list carries the same badge. An approver sees the demo's version waiting for them.
import { authFile, expect, manifestFor, test } from "./fixtures";
import { shipStableThenCanary } from "./release-steps";

test.use({ storageState: authFile("operator") });

const STABLE = "2026-03-01.1";
const CANDIDATE = "2026-03-08.1";

test("a held release and then its incident show up on the home page and open the page that handles them", async ({
  page,
  browser,
  api,
  modelKey,
}) => {
  test.slow(); // two approvals in a second browser, then the journey
  const token = await api.createToken(["registry:write", "release:write"], `ci-${modelKey}`);
  const auth = { authorization: `Bearer ${token}` };
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, STABLE), token)).status()).toBe(201);
  expect(
    (
      await api.registerVersion(
        modelKey,
        manifestFor(modelKey, CANDIDATE, (m) => (m.parent_version = STABLE)),
        token,
      )
    ).status(),
  ).toBe(201);
  await shipStableThenCanary(page.request, browser, token, modelKey, STABLE, CANDIDATE);
  const paused = await page.request.post(`/api/v1/models/${modelKey}/release/pause`, {
    headers: auth,
    data: { reason: "looking at the 5 % step" },
  });
  expect(paused.status()).toBe(200);

  // the logo leads home
  await page.goto("/models");
  await page.getByRole("link", { name: "Rollgate" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Needs attention", level: 1 })).toBeVisible();

  const held = page.locator(`[data-testid="attention-release"][data-model="${modelKey}"]`);
  await expect(held).toContainText(`${CANDIDATE} next to ${STABLE}`);
  await expect(held).toContainText("paused");
  await held.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/models/${modelKey}/release$`));

  const reason = `p95 doubled at 5 % (${modelKey})`;
  const rolled = await page.request.post(`/api/v1/models/${modelKey}/release/rollback`, { headers: auth, data: { reason } });
  expect(rolled.status()).toBe(200);
  const { incidentId } = (await rolled.json()) as { incidentId: string };

  await page.goto("/");
  await expect(page.locator(`[data-testid="attention-release"][data-model="${modelKey}"]`)).toHaveCount(0);
  const incident = page.locator(`[data-testid="attention-incident"][data-model="${modelKey}"]`);
  await expect(incident).toContainText(`rolled back ${CANDIDATE} → ${STABLE}`);
  await expect(incident).toContainText(reason);
  await incident.getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${incidentId}$`));
  await expect(page.getByTestId("incident-reason")).toHaveText(reason);

  // the models list says the same on the model's row
  await page.goto(`/models?pageSize=100&sort=name`);
  await expect(page.getByRole("link", { name: `${modelKey}: 1 incident` })).toBeVisible();
});

test.describe("as an approver", () => {
  test.use({ storageState: authFile("approver") });

  test("sees on the home page what waits for their approval, and opens it", async ({ page }) => {
    await page.goto("/");
    // the demo's fraud-score version waits for two approvers; this one registered none of it
    const waiting = page.locator('[data-testid="attention-approval"][data-model="fraud-score"]');
    await expect(waiting).toContainText("2026-08-19.1");
    await waiting.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/approvals\/fraud-score\/2026-08-19\.1$/);
  });
});
