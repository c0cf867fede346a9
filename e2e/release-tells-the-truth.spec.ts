// The release page tells the truth after a rollback (issue 14). An operator watches a healthy
// canary whose guardrail verdict says when it advances, and rolls it back "while we investigate":
// the dialog says the candidate is not rejected; afterwards the Guardrails panel says nothing is
// watched and shows its last verdict as history, and the candidate is back in review, where an
// approver approves it again and its rollout starts again. With three versions, every place that
// names the rollback target (traffic panel, Rollback button, dialog, model header, API) names the
// one the button goes back to: during a canary, the current stable.
import { authFile, expect, manifestFor, test } from "./fixtures";
import { approve, asRole, events, setPolicy, shipStableThenCanary, stage } from "./release-steps";

test.use({ storageState: authFile("operator") });

const V1 = "2026-01-10.1";
const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";

test("after an operator's rollback the guardrails say nothing is watched, and the candidate goes back to review instead of being rejected", async ({
  page,
  browser,
  api,
  modelKey,
}) => {
  test.slow();
  const token = await api.createToken(["registry:write", "release:write", "routes:read", "telemetry:write"], `ci-${modelKey}`);
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
  await setPolicy(browser, modelKey, { guardrails: { minSample: 40 } });
  await shipStableThenCanary(page.request, browser, token, modelKey, STABLE, CANDIDATE);

  // A healthy canary: the guardrails say when it advances.
  await page.goto(`/models/${modelKey}/release`);
  await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 5 %`);
  const sent = await page.request.post("/api/v1/telemetry", {
    headers: auth,
    data: { events: [...events(modelKey, STABLE, 120), ...events(modelKey, CANDIDATE, 60)] },
  });
  expect(await sent.json()).toMatchObject({ rejected: [] });
  const latest = page.getByTestId("guardrail-latest");
  await expect(latest).toContainText("healthy — advances to 25 % in", { timeout: 30_000 });

  // The dialog says what happens to the candidate: not rejected, back in review.
  await page.getByRole("button", { name: "Rollback", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Roll back ${modelKey}?` });
  await expect(dialog.getByTestId("rollback-sentence")).toContainText(`Traffic goes back to ${STABLE}; ${CANDIDATE} stops serving`);
  await expect(dialog.getByTestId("rollback-after")).toContainText(`${CANDIDATE} is not rejected: it goes back to STAGING`);
  await expect(dialog.getByTestId("rollback-after")).toContainText("rolling it out again needs a new approval");
  await dialog.getByLabel("Reason").fill("p95 creeping up for one tenant, rolling back while we investigate");
  await dialog.getByRole("button", { name: `Roll back to ${STABLE}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("release-state")).toHaveText("Rolled back");

  // The Guardrails panel: nothing is watched; the healthy verdict is history, not the current state.
  await expect(page.getByTestId("guardrail-watch")).toHaveText(
    `Nothing is watched: the release was rolled back; ${STABLE} serves all traffic.`,
  );
  await expect(latest).toHaveAttribute("data-current", "false");
  await expect(latest).toContainText(/^Last decision at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: healthy — advances to 25 % in \d+ min/);

  // The API says the same.
  const release = await page.request.get(`/api/v1/models/${modelKey}/release`, { headers: auth });
  expect(await release.json()).toMatchObject({ state: "rolled_back", guardrails: { watching: null } });
  const version = await page.request.get(`/api/v1/models/${modelKey}/versions/${CANDIDATE}`, { headers: auth });
  expect(await version.json()).toMatchObject({ stage: "STAGING" });

  // Back in review: the earlier approval is history, a new one is needed — and rolls it out again.
  await asRole(browser, "approver", async (reviewer) => {
    await reviewer.goto(`/approvals/${modelKey}/${CANDIDATE}`);
    await expect(reviewer.getByTestId("approval-progress")).toHaveText("0 of 1 approval — 1 more needed");
    await expect(reviewer.getByRole("list", { name: "Decisions" })).toContainText("no longer counts: rolled back");
  });
  await approve(browser, modelKey, CANDIDATE);
  await page.reload();
  await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 5 %`);
  await expect(page.getByTestId("guardrail-watch")).toContainText(`Watching the candidate ${CANDIDATE}`);
});

test("during a canary every screen names the same rollback target: the stable the Rollback button goes back to", async ({
  page,
  browser,
  api,
  modelKey,
}) => {
  test.slow();
  const token = await api.createToken(["registry:write", "release:write", "routes:read"], `ci-${modelKey}`);
  const auth = { authorization: `Bearer ${token}` };
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, V1), token)).status()).toBe(201);
  expect(
    (
      await api.registerVersion(
        modelKey,
        manifestFor(modelKey, STABLE, (m) => (m.parent_version = V1)),
        token,
      )
    ).status(),
  ).toBe(201);
  expect(
    (
      await api.registerVersion(
        modelKey,
        manifestFor(modelKey, CANDIDATE, (m) => (m.parent_version = STABLE)),
        token,
      )
    ).status(),
  ).toBe(201);
  // V1 ships, STABLE rolls out and is promoted (V1 stays warm), CANDIDATE's canary starts.
  await shipStableThenCanary(page.request, browser, token, modelKey, V1, STABLE);
  expect(
    (await page.request.post(`/api/v1/models/${modelKey}/release/promote`, { headers: auth, data: { reason: "canary healthy" } })).status(),
  ).toBe(200);
  await stage(page.request, token, modelKey, CANDIDATE);
  await approve(browser, modelKey, CANDIDATE);

  const api1 = await (await page.request.get(`/api/v1/models/${modelKey}/release`, { headers: auth })).json();
  expect(api1).toMatchObject({
    stable: { version: STABLE },
    previousStable: { version: V1 },
    candidate: { version: CANDIDATE },
    rollback: { possible: true, to: STABLE },
  });

  await page.goto(`/models/${modelKey}/release`);
  const versions = page.locator('dl[aria-label="Versions"]');
  await expect(versions.locator("div").filter({ hasText: "Rollback target" })).toContainText(STABLE);
  await expect(versions.locator("div").filter({ hasText: "Rollback target" })).not.toContainText(V1);
  await expect(versions.locator("div").filter({ hasText: "Previous stable" })).toContainText(V1);
  await expect(page.locator("#rollback-what")).toContainText(`Rollback: Traffic goes back to ${STABLE}`);
  await page.getByRole("button", { name: "Rollback", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Roll back ${modelKey}?` });
  await expect(dialog.getByRole("button", { name: `Roll back to ${STABLE}` })).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();

  // the model page's header card
  await page.goto(`/models/${modelKey}`);
  await expect(page.getByRole("link", { name: `${STABLE} (rollback target)` })).toBeVisible();
  await expect(page.getByRole("link", { name: `${V1} (rollback target)` })).toHaveCount(0);
});
