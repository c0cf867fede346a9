// The guardrail journey (issue 6): an admin gives a fresh model a small minimum sample, an
// approver ships its first version and approves the second, whose canary starts at 5 %. The
// inference service reports telemetry in which the canary fails 25 % of requests against a 1 %
// limit. Nobody clicks anything: the guardrail loop (every 2 s in the e2e server) rolls the
// canary back, the release page shows the stable version alone and says why, with the numbers,
// and the incident it opened names the guardrail and carries the same numbers.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser } from "@playwright/test";
import { authFile, expect, manifestFor, test } from "./fixtures";

test.use({ storageState: authFile("operator") });

const DATASET = "s3://rollgate-evals/e2e/2026-01-10/holdout.parquet";
const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";

async function stage(request: APIRequestContext, token: string, model: string, version: string): Promise<void> {
  const res = await request.post(`/api/v1/models/${model}/versions/${version}/evaluations`, {
    headers: { authorization: `Bearer ${token}` },
    data: { dataset: DATASET, metrics: { f1: 0.92, calibration_error: 0.03 } },
  });
  expect(res.status()).toBe(201);
}

async function asRole<T>(browser: Browser, role: "approver" | "admin", f: (page: import("@playwright/test").Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: authFile(role) });
  try {
    return await f(await context.newPage());
  } finally {
    await context.close();
  }
}

async function approve(browser: Browser, model: string, version: string) {
  await asRole(browser, "approver", async (page) => {
    await page.goto(`/approvals/${model}/${version}`);
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    // the button is renamed "Approving…" while the action runs; wait for the recorded outcome
    await expect(page.getByText(/^Approved — (now in PROD|rolling out)/)).toBeVisible();
  });
}

/** `n` events of one version, stamped now (after the canary's step began). */
function events(model: string, version: string, n: number, errorEvery = 0) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    request_id: `e2e-${randomBytes(6).toString("hex")}`,
    model,
    version,
    tenant: `tenant-${i % 4}`,
    ts: now + i,
    latency_ms: 40 + (i % 10),
    outcome: errorEvery && i % errorEvery === 0 ? "error" : "ok",
    ...(errorEvery && i % errorEvery === 0 ? { error_class: "model" } : {}),
    score: 0.9,
  }));
}

test("a canary breaching its error-rate limit is rolled back by the guardrails, and the page says why", async ({ page, browser, api, modelKey }) => {
  test.slow();
  const token = await api.createToken(["registry:write", "release:write", "routes:read", "telemetry:write"], `ci-${modelKey}`);
  const auth = { authorization: `Bearer ${token}` };
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, STABLE), token)).status()).toBe(201);
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, CANDIDATE, (m) => (m.parent_version = STABLE)), token)).status()).toBe(201);

  // An admin sets a small minimum sample on the model's Settings tab.
  await asRole(browser, "admin", async (admin) => {
    await admin.goto(`/models/${modelKey}/settings`);
    await admin.getByLabel("Policy (JSON)").fill(JSON.stringify({ guardrails: { minSample: 40 } }, null, 2));
    await admin.getByRole("button", { name: "Save policy" }).click();
    // disabled also while the save runs: wait for the saved notice
    await expect(admin.getByRole("status").filter({ hasText: "Policy saved." })).toBeVisible();
  });

  await stage(page.request, token, modelKey, STABLE);
  await approve(browser, modelKey, STABLE);
  await stage(page.request, token, modelKey, CANDIDATE);
  await approve(browser, modelKey, CANDIDATE);
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
  const latest = page.getByTestId("guardrail-latest");
  await expect(latest).toHaveAttribute("data-outcome", "rollback");
  await expect(latest).toContainText(`rolled back to stable ${STABLE}`);
  await expect(latest).toContainText("error rate 25 % > limit 1 % (hard, 60 requests)");
  await expect(latest).toContainText(`candidate ${CANDIDATE}: 60 requests`);
  await expect(latest).toContainText(`stable ${STABLE}: 120 requests`);
  await expect(page.getByTestId("guardrail-checks").locator('[data-check="error_rate"]')).toHaveAttribute("data-passed", "false");

  // The incident names the guardrail and carries the numbers.
  await expect(page.getByText("An incident is open")).toBeVisible();
  await page.getByRole("link", { name: `Incident ${CANDIDATE} → ${STABLE}` }).click();
  await expect(page).toHaveURL(/\/incidents\/[^/]+$/);
  await expect(page.getByTestId("incident-reason")).toContainText("error rate 25 % > limit 1 %");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("guardrail");
});
