// The on-call journey (issue 4): CI registers two versions and posts passing evaluations; an
// approver ships the first and approves the second, whose canary starts at 5 %; automation advances it to 25 %
// through the API while the operator watches the release page (it updates without a reload).
// The operator clicks Rollback, reads what will happen, gives a reason and confirms: the page
// shows the stable version alone, links the incident that opened (with the reason), and the
// routing table that inference services read serves the stable version again.
import { accountFor } from "./env";
import { authFile, expect, mainNav, manifestFor, test } from "./fixtures";
import { shipStableThenCanary } from "./release-steps";

test.use({ storageState: authFile("operator") });

const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";

test("on-call rolls back a canary at 25 % in one click; traffic is back on the stable version", async ({
  page,
  browser,
  api,
  modelKey,
}) => {
  test.slow(); // two approvals in a second browser, then the journey
  const token = await api.createToken(["registry:write", "release:write", "routes:read"], `ci-${modelKey}`);
  const auth = { authorization: `Bearer ${token}` };
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, STABLE), token)).status()).toBe(201);
  const candidateManifest = manifestFor(modelKey, CANDIDATE, (m) => {
    m.parent_version = STABLE;
    m.changelog = "New features from the January snapshot.";
  });
  expect((await api.registerVersion(modelKey, candidateManifest, token)).status()).toBe(201);

  await shipStableThenCanary(page.request, browser, token, modelKey, STABLE, CANDIDATE);
  const before = await page.request.get(`/api/v1/models/${modelKey}/release`, { headers: auth });
  expect(await before.json()).toMatchObject({
    state: "ramping",
    mode: "canary",
    stable: { version: STABLE },
    candidate: { version: CANDIDATE, percent: 5 },
  });

  // The operator opens the release page: the canary at its first step.
  await page.goto(`/models/${modelKey}/release`);
  await expect(page.getByRole("heading", { name: modelKey, level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Model sections" }).getByRole("link", { name: "Release" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByTestId("split-stable")).toContainText(`${STABLE} 95 %`);
  await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 5 %`);
  await expect(page.getByTestId("live-indicator")).toHaveText("Live");

  // Automation advances it through the API; the page follows without a reload.
  const advanced = await page.request.post(`/api/v1/models/${modelKey}/release/advance`, {
    headers: auth,
    data: { reason: "5 % step baked clean" },
  });
  expect(advanced.status()).toBe(200);
  expect(await advanced.json()).toMatchObject({ outcome: "advanced", candidate: { version: CANDIDATE, percent: 25 } });
  await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 25 %`);
  await expect(page.getByTestId("split-stable")).toContainText(`${STABLE} 75 %`);
  await expect(page.getByRole("list", { name: "Rollout steps" }).locator('[aria-current="step"]')).toContainText("25 %");
  await expect(page.getByRole("list", { name: "Release history" }).getByRole("listitem").first()).toContainText(`${CANDIDATE}: 5 % → 25 %`);

  // One click, one confirmation that says what happens, one reason.
  await page.getByRole("button", { name: "Rollback", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Roll back ${modelKey}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("rollback-sentence")).toContainText(`Traffic goes back to ${STABLE}; ${CANDIDATE} stops serving`);
  await expect(dialog.getByTestId("rollback-after")).toContainText(`${CANDIDATE} is not rejected: it goes back to STAGING`);
  const reason = `error rate 4x stable since the 25 % step (${modelKey})`;
  await dialog.getByLabel("Reason").fill(reason);
  await dialog.getByRole("button", { name: `Roll back to ${STABLE}` }).click();
  await expect(dialog).toBeHidden();

  // The page shows the stable version alone — no reload.
  await expect(page.getByTestId("split-stable")).toContainText(`${STABLE} 100 %`);
  await expect(page.getByTestId("split-candidate")).toHaveCount(0);
  await expect(page.getByTestId("release-state")).toHaveText("Rolled back");
  await expect(page.getByRole("button", { name: "Rollback", exact: true })).toBeDisabled();

  // Traffic really is back: the routing table inference services read (the data plane, with a token).
  const routes = await page.request.get(`/api/v1/models/${modelKey}/routes`, { headers: auth });
  expect(routes.status()).toBe(200);
  expect(await routes.json()).toMatchObject({ model: modelKey, stable: { version: STABLE }, candidate: null });

  // The incident the rollback opened, with the on-call's reason.
  await page.getByRole("link", { name: "Open the incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/[^/]+$/);
  await expect(page.getByRole("heading", { name: `Incident: ${modelKey} ${CANDIDATE} → ${STABLE}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId("incident-reason")).toHaveText(reason);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(`${CANDIDATE} → ${STABLE}`);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText(accountFor("operator").email);

  // …and it is in the list of open incidents.
  await (await mainNav(page)).getByRole("link", { name: /^Incidents/ }).click();
  const row = page.getByRole("row").filter({ hasText: modelKey });
  await expect(row).toContainText(reason);
  await expect(row).toContainText("Open");
});
