// The guardrail journey (issue 6): an admin gives a fresh model a small minimum sample, an
// approver ships its first version and approves the second, whose canary starts at 5 %. The
// inference service reports telemetry in which the canary fails 25 % of requests against a 1 %
// limit. Nobody clicks anything: the guardrail loop (every 2 s in the e2e server) rolls the
// canary back, the release page shows the stable version alone and says why, with the numbers,
// and the incident it opened names the guardrail and carries the same numbers.
import { authFile, expect, manifestFor, test } from "./fixtures";
import { events, setPolicy, shipStableThenCanary } from "./release-steps";

test.use({ storageState: authFile("operator") });

const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";

test("a canary breaching its error-rate limit is rolled back by the guardrails, and the page says why", async ({
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

  // An admin sets a small minimum sample on the model's Settings tab.
  await setPolicy(browser, modelKey, { guardrails: { minSample: 40 } });

  await shipStableThenCanary(page.request, browser, token, modelKey, STABLE, CANDIDATE);
  const before = await page.request.get(`/api/v1/models/${modelKey}/release`, { headers: auth });
  expect(await before.json()).toMatchObject({ state: "ramping", candidate: { version: CANDIDATE, percent: 5 } });

  await page.goto(`/models/${modelKey}/release`);
  await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 5 %`);

  // The inference service reports: stable is clean, the canary fails every 4th request.
  const sent = await page.request.post("/api/v1/telemetry", {
    headers: auth,
    data: { events: [...events(modelKey, STABLE, 120), ...events(modelKey, CANDIDATE, 60, 4)] },
  });
  expect(sent.status()).toBeLessThan(300);
  expect(await sent.json()).toMatchObject({ rejected: [] });

  // Nobody clicks: the page follows the guardrail's rollback.
  await expect(page.getByTestId("split-stable")).toContainText(`${STABLE} 100 %`, { timeout: 30_000 });
  await expect(page.getByTestId("split-candidate")).toHaveCount(0);
  await expect(page.getByTestId("release-state")).toHaveText("Rolled back");
  // nothing is watched any more: the rollback decision is the last one, shown as history
  await expect(page.getByTestId("guardrail-watch")).toHaveText(
    `Nothing is watched: the release was rolled back; ${STABLE} serves all traffic.`,
  );
  const latest = page.getByTestId("guardrail-latest");
  await expect(latest).toHaveAttribute("data-outcome", "rollback");
  await expect(latest).toHaveAttribute("data-current", "false");
  await expect(latest).toContainText("Last decision at");
  await expect(latest).toContainText(`rolled back to stable ${STABLE}`);
  await expect(latest).toContainText("error rate 25 % > limit 1 % (hard, newest 60 requests)");
  await expect(latest).toContainText(`candidate ${CANDIDATE}: 60 requests`);
  await expect(latest).toContainText(`stable ${STABLE}: 120 requests`);
  await expect(page.getByTestId("guardrail-checks").locator('[data-check="error_rate"]')).toHaveAttribute("data-passed", "false");

  // Rolled back, not judged: the candidate is back in STAGING and needs a new approval; its
  // stage change carries the guardrail's numbers.
  const candidate = await page.request.get(`/api/v1/models/${modelKey}/versions/${CANDIDATE}`, { headers: auth });
  expect(await candidate.json()).toMatchObject({ stage: "STAGING" });

  // The incident names the guardrail and carries the numbers.
  await expect(page.getByText("An incident is open")).toBeVisible();
  await page.getByRole("link", { name: `Incident ${CANDIDATE} → ${STABLE}` }).click();
  await expect(page).toHaveURL(/\/incidents\/[^/]+$/);
  await expect(page.getByTestId("incident-reason")).toContainText("error rate 25 % > limit 1 %");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("guardrail");
});
