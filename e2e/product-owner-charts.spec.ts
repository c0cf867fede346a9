// The product owner journey. In the demo, the support-reply canary is about 35 % slower for
// initech only: the Tenants tab puts initech first, says why, and shows its charts on a click.
// Then (issue 5) an inference service reports telemetry for a model the test registers; one
// tenant fails 3 requests in 5 and another sent a single failed request. The viewer finds the
// failing tenant first and the single request last ("too few requests"), opens its chart and
// looks up one of the request ids the service sent. The model keeps half its requests at request
// level (policy predictions.sampleRate): the charts count them all, and looking up an id left out
// says so.
import { createHash, randomBytes } from "node:crypto";
import { authFile, expect, mainNav, manifestFor, test } from "./fixtures";
import { setPolicy } from "./release-steps";

test.use({ storageState: authFile("viewer") });

const VERSION = "2026-01-15.1";
const DEMO_CANDIDATE = "2026-09-22.1";

/** Whether a request id's prediction row is kept at a sample rate of 0.5 (lib/telemetry/sampling.ts). */
const keptAtHalf = (id: string) => createHash("sha256").update(id).digest().readUInt32BE(0) / 2 ** 32 < 0.5;

test("viewer sees initech first in the demo canary, with its reason, and its charts on a click", async ({ page }) => {
  await page.goto("/models/support-reply/tenants");
  await expect(page.getByRole("heading", { name: "Tenants", exact: true })).toBeVisible();
  const first = page.getByTestId("tenant-row").first();
  // the demo posts its past day in the background once the server is up: read again until it is in
  await expect(async () => {
    await page.reload();
    await expect(first).toHaveAttribute("data-tenant", "initech", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(first).toHaveAttribute("data-version", DEMO_CANDIDATE);
  await expect(first.getByTestId("tenant-reason")).toHaveText(/^p95 \+\d+ % vs stable$/);

  await first.getByRole("link", { name: "initech: show its charts" }).click();
  await expect(page).toHaveURL(/[?&]tenant=initech(&|$)/);
  const charts = page.getByTestId("tenant-charts");
  await expect(charts.getByRole("heading", { name: "Tenant initech" })).toBeVisible();
  await expect(charts).toBeFocused();
  await expect(charts).toBeInViewport();
  const p95 = charts.getByTestId("tenant-chart-p95");
  await expect(p95).toHaveAttribute("data-empty", "false");
  await expect(p95).toHaveAttribute("data-series", new RegExp(DEMO_CANDIDATE));
});

test("viewer sees the worst tenant first, a single request last, its chart, and finds a request by id", async ({
  page,
  browser,
  api,
  modelKey,
}) => {
  test.slow(); // two tokens through `npm run token`, a policy saved by an admin, then the journey
  const ci = await api.createToken(["registry:write"], `ci-${modelKey}`);
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, VERSION), ci)).status()).toBe(201);
  // 60 requests per tenant are enough to judge for this model; it keeps half its request-level rows
  await setPolicy(browser, modelKey, { guardrails: { minSample: 50 }, predictions: { sampleRate: 0.5 } });
  const sender = await api.createToken(["telemetry:write"], `svc-${modelKey}`);

  const tag = randomBytes(3).toString("hex");
  const worst = `po-${tag}-bad`;
  const single = `po-${tag}-single`;
  const tenants = [worst, `po-${tag}-fine`, `po-${tag}-ok`];
  const now = Date.now();
  const events = [];
  // 12 minutes of traffic per tenant, 5 requests a minute; the worst tenant fails 3 in 5
  for (const tenant of tenants) {
    for (let m = 1; m <= 12; m++) {
      for (let i = 0; i < 5; i++) {
        const failed = tenant === worst ? i % 2 === 0 : tenant.endsWith("-ok") && m === 3 && i === 0;
        events.push({
          request_id: `${tenant}-${m}-${i}`,
          model: modelKey,
          version: VERSION,
          tenant,
          ts: new Date(now - m * 60_000).toISOString(),
          latency_ms: 20 + m + i,
          outcome: failed ? "error" : "ok",
          ...(failed ? { error_class: "timeout" } : { score: 0.8 }),
        });
      }
    }
  }
  // one request, failed: a 100 % error rate that says nothing yet
  events.push({
    request_id: `${single}-1`,
    model: modelKey,
    version: VERSION,
    tenant: single,
    ts: new Date(now - 60_000).toISOString(),
    latency_ms: 30,
    outcome: "error",
    error_class: "timeout",
  });
  const sent = await page.request.post("/api/v1/telemetry", { headers: { authorization: `Bearer ${sender}` }, data: { events } });
  expect(sent.status()).toBe(202);
  expect(await sent.json()).toMatchObject({ accepted: events.length, duplicates: 0, rejected: [] });

  await page.goto(`/models/${modelKey}`);
  await page.getByRole("navigation", { name: "Model sections" }).getByRole("link", { name: "Tenants" }).click();
  await page.getByRole("navigation", { name: "Range" }).getByRole("link", { name: "1 h" }).click();
  await expect(page).toHaveURL(/range=1h/);

  const rows = page.getByTestId("tenant-row");
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute("data-tenant", worst);
  await expect(rows.first()).toContainText("60 %");
  await expect(rows.first().getByTestId("tenant-reason")).toHaveText(/^error rate \+[\d.]+ pt vs all tenants$/);
  await expect(rows.last()).toHaveAttribute("data-tenant", single);
  await expect(rows.last().getByTestId("tenant-reason")).toHaveText("too few requests (1 < 50)");

  await rows
    .first()
    .getByRole("link", { name: `${worst}: show its charts` })
    .click();
  await expect(page).toHaveURL(new RegExp(`tenant=${worst}`));
  const chart = page.getByTestId("tenant-chart-error_rate");
  await expect(chart).toHaveAttribute("data-empty", "false");
  await expect(chart).toHaveAttribute("data-series", VERSION);
  // 12 minute buckets with data (one per minute of traffic), drawn as a line
  await expect(chart).toHaveAttribute("data-points", "12");
  await expect(chart.getByTestId("tenant-chart-error_rate-caption")).toContainText("step 1 min · 60 requests");
  const curve = chart.locator("path.recharts-curve");
  await expect(curve.first()).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);

  // Prediction lookup from the top bar, without leaving the tenant chart first
  // a failed request of the worst tenant whose row was kept
  const requestId = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].flatMap((m) => [0, 2, 4].map((i) => `${worst}-${m}-${i}`)).find(keptAtHalf)!;
  await mainNav(page); // on a phone the search sits in the menu, with the navigation
  await page.getByLabel("Search predictions").fill(requestId);
  await page.getByLabel("Search predictions").press("Enter");
  await expect(page).toHaveURL(new RegExp(`/predictions\\?id=${requestId}`));
  const found = page.getByTestId("prediction");
  await expect(found).toContainText(worst);
  await expect(found).toContainText("timeout");
  await expect(found.getByRole("link", { name: VERSION })).toHaveAttribute("href", `/models/${modelKey}/versions/${VERSION}`);

  // an id inside the sample, never sent: never recorded
  const neverSent = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `${requestId}-never-sent-${n}`).find(keptAtHalf)!;
  await page.getByLabel("Request id").fill(neverSent);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByTestId("prediction-missing")).toContainText(`No prediction with request id ${neverSent}`);
  await expect(page.getByTestId("prediction-missing")).toContainText(/predictions are kept for \d+ days/);

  // a request the service sent whose row the model's sample left out
  const leftOut = events.map((e) => e.request_id).find((id) => !keptAtHalf(id))!;
  await page.getByLabel("Request id").fill(leftOut);
  await page.getByRole("button", { name: "Look up" }).click();
  const notKept = page.getByTestId("prediction-not-kept");
  // other specs' models may sample too: the message names each, this model among them
  await expect(notKept).toContainText(`Request id "${leftOut}" is not stored. If it was sent to model `);
  await expect(notKept).toContainText(`"${modelKey}" keeps 50 %`);
  await expect(notKept).toContainText("of requests at request level (policy predictions.sampleRate) and this id falls outside that share");
});
