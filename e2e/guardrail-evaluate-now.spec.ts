// "Evaluate now" (issue 6): an admin does not wait for the guardrail loop's next pass. A canary
// whose traffic is below the policy's minimum sample is evaluated at the click, and the panel
// says what that evaluation found, with the request counts sent just before. An operator sees
// the decisions but not the button (it is an admin action), and the release charts overlaying
// candidate and stable with the guardrail thresholds drawn.
import { authFile, expect, manifestFor, test } from "./fixtures";
import { asRole, events, setPolicy, shipStableThenCanary } from "./release-steps";

test.use({ storageState: authFile("operator") });

const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";

test("an admin evaluates a quiet canary at once and sees it waiting for data; an operator has no button", async ({
  page,
  browser,
  api,
  modelKey,
}) => {
  test.setTimeout(150_000); // two approvals and a policy edit in other browsers, then a live chart refresh
  const token = await api.createToken(["registry:write", "telemetry:write"], `ci-${modelKey}`);
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
  await setPolicy(browser, modelKey, { guardrails: { minSample: 1000 } });
  await shipStableThenCanary(page.request, browser, token, modelKey, STABLE, CANDIDATE);

  await page.goto(`/models/${modelKey}/release`);
  await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 5 %`);
  await expect(page.getByTestId("guardrails-panel")).toBeVisible();
  await expect(page.getByRole("button", { name: "Evaluate now" })).toHaveCount(0);

  // counts no earlier pass can have seen: the evaluation at the click reports them
  const sent = await page.request.post("/api/v1/telemetry", {
    headers: { authorization: `Bearer ${token}` },
    data: { events: [...events(modelKey, STABLE, 37), ...events(modelKey, CANDIDATE, 23)] },
  });
  expect(await sent.json()).toMatchObject({ accepted: 60, rejected: [] });

  // the release charts overlay both versions (live refresh) with the thresholds drawn as lines
  const p95 = page.getByTestId("release-chart-p95");
  await expect(p95).toHaveAttribute("data-empty", "false", { timeout: 20_000 });
  await expect(p95).toHaveAttribute("data-series", new RegExp(`^(${STABLE},${CANDIDATE}|${CANDIDATE},${STABLE})$`));
  // two thresholds (the manifest's limit, 1.2× stable's p95) and the marker of the 5 % step
  await expect(p95.locator(".recharts-reference-line")).toHaveCount(3);
  await expect(p95.getByText(/^limit 120 ms/)).toBeVisible();
  await expect(p95.getByText(/^1\.2× stable p95/)).toBeVisible();
  await expect(p95.locator(".recharts-line")).toHaveCount(2);
  const errors = page.getByTestId("release-chart-error_rate");
  await expect(errors.getByText(/^limit 1 %/)).toBeVisible();
  await expect(errors.getByTestId("release-chart-error_rate-caption")).toContainText("60 requests");

  await asRole(browser, "admin", async (admin) => {
    await admin.goto(`/models/${modelKey}/release`);
    await admin.getByRole("button", { name: "Evaluate now" }).click();
    const result = admin.getByTestId("evaluate-now-result");
    await expect(result).toContainText(
      `Evaluated now: waiting — waiting for data: candidate ${CANDIDATE} 23 / 1000 requests; stable ${STABLE} 37 / 1000 requests`,
    );
    const latest = admin.getByTestId("guardrail-latest");
    await expect(latest).toHaveAttribute("data-outcome", "waiting");
    await expect(latest).toContainText(`candidate ${CANDIDATE}: 23 requests · stable ${STABLE}: 37 requests · minimum 1000`);
  });
  // nothing moved: waiting is never healthy
  await page.reload();
  await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 5 %`);
});
