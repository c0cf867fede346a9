// A severe breach is rolled back by the sequential test as soon as the evidence shows it, with the
// model's policy at its defaults (a 500-request minimum): 100 canary requests failing 20 % of the
// time against a stable failing 1 %. The fixed-threshold rule would wait for 500 canary requests
// (minutes of a 5 % canary); here nobody clicks, the telemetry itself wakes the guardrails, and
// the page says "confident worse" with the statistic, the bound and the requests on both sides.
import { authFile, expect, manifestFor, test } from "./fixtures";
import { events, shipStableThenCanary } from "./release-steps";

test.use({ storageState: authFile("operator") });

const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";

test("a severe breach is rolled back below the minimum sample, and the page says it is confident", async ({
  page,
  browser,
  api,
  modelKey,
}) => {
  test.slow();
  const token = await api.createToken(["registry:write", "release:write", "routes:read", "telemetry:write"], `ci-${modelKey}`);
  const auth = { authorization: `Bearer ${token}` };
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, STABLE), token)).status()).toBe(201);
  const candidate = manifestFor(modelKey, CANDIDATE, (m) => (m.parent_version = STABLE));
  expect((await api.registerVersion(modelKey, candidate, token)).status()).toBe(201);
  await shipStableThenCanary(page.request, browser, token, modelKey, STABLE, CANDIDATE);

  await page.goto(`/models/${modelKey}/release`);
  await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 5 %`);

  const sent = await page.request.post("/api/v1/telemetry", {
    headers: auth,
    data: { events: [...events(modelKey, STABLE, 1900, 100), ...events(modelKey, CANDIDATE, 100, 5)] },
  });
  expect(sent.status()).toBe(202);
  expect(await sent.json()).toMatchObject({ accepted: 2000, rejected: [] });

  await expect(page.getByTestId("release-state")).toHaveText("Rolled back");
  await expect(page.getByTestId("split-stable")).toContainText(`${STABLE} 100 %`);
  const latest = page.getByTestId("guardrail-latest");
  await expect(latest).toHaveAttribute("data-outcome", "rollback");
  await expect(latest).toContainText(`rolled back to stable ${STABLE}: error rate 20 % vs stable 1 %: confident worse`);
  await expect(latest).toContainText("≥ 100; 100 / 1900 requests");

  // the decision as the API gives it: the verdict and the evidence on both sides
  const decisions = await page.request.get(`/api/v1/models/${modelKey}/release/decisions`, { headers: auth });
  const [decision] = ((await decisions.json()) as { decisions: { outcome: string; checks: { name: string; sequential?: unknown }[] }[] })
    .decisions;
  expect(decision?.outcome).toBe("rollback");
  expect(decision?.checks.find((c) => c.name === "relative_error_rate")?.sequential).toMatchObject({
    verdict: "worse",
    bound: 100,
    candidate: { events: 20, requests: 100 },
    stable: { events: 19, requests: 1900 },
  });
});
