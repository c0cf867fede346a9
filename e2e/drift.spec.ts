// A product owner (viewer) opens the demo fraud model's Drift tab: the tenant whose inputs
// drifted (globex: larger amounts, electronics/gambling and unlisted merchants) is the first
// row with a PSI above the alert threshold, and its cell opens the baseline vs current
// histogram. The spec sends its own telemetry through the API, so it does not depend on the
// demo traffic simulator; with the simulator running globex drifts there too.
import { randomBytes } from "node:crypto";
import { authFile, expect, test } from "./fixtures";

test.use({ storageState: authFile("viewer") });

const MODEL = "fraud-score";
// the demo manifests' training baselines (lib/demo/seed.ts)
const AMOUNT = { values: [5, 30, 120, 600, 5000], weights: [184211, 238904, 130552, 39870, 5312] };
const MERCHANT = { values: ["grocery", "travel", "electronics", "gambling", "pharmacy"], weights: [309877, 91420, 70914, 8307, 118331] };
const PRESENT = { values: [true, false], weights: [402118, 196731] };
const DEVICE_AGE = { values: [0.5, 3, 14, 90, 900], weights: [21304, 40877, 88210, 190342, 258116] };
const DRIFTED_AMOUNT = { values: [120, 600, 5000], weights: [1, 5, 4] };
const DRIFTED_MERCHANT = { values: ["electronics", "gambling", "crypto-exchange"], weights: [4, 3, 3] };

/** `n` values in exact proportion to `weights`, interleaved so any slice looks alike. */
function spread<T>(n: number, d: { values: T[]; weights: number[] }, offset = 0): T[] {
  const sum = d.weights.reduce((a, b) => a + b, 0);
  const out: T[] = [];
  d.values.forEach((v, i) => {
    for (let k = Math.round((n * (d.weights[i] as number)) / sum); k > 0; k--) out.push(v);
  });
  while (out.length < n) out.push(d.values[0] as T);
  // a fixed shuffle: features of one event are not correlated by position
  return out.slice(0, n).map((_, i, all) => all[(i * 7919 + offset) % n] as T);
}

function events(version: string, tenant: string, n: number, drifted: boolean) {
  const run = randomBytes(4).toString("hex");
  const amounts = spread(n, drifted ? DRIFTED_AMOUNT : AMOUNT, 1);
  const merchants = spread(n, drifted ? DRIFTED_MERCHANT : MERCHANT, 2);
  const present = spread(n, PRESENT, 3);
  const age = spread(n, DEVICE_AGE, 4);
  const now = Date.now();
  return amounts.map((amount, i) => ({
    request_id: `e2e-drift-${run}-${tenant}-${i}`,
    model: MODEL,
    version,
    tenant,
    ts: new Date(now - (i % 120) * 1000).toISOString(),
    latency_ms: 18 + (i % 9),
    outcome: "ok",
    score: drifted ? 0.55 + (i % 40) / 100 : 0.05 + (i % 30) / 100,
    features: { amount_eur: amount, merchant_category: merchants[i], card_present: present[i], device_age_days: age[i] },
  }));
}

test("the drift page shows the demo's drifting tenant at the top of the heatmap", async ({ page, api, request }) => {
  // creating the token starts a process, and the page folds thousands of feature values: slow on a busy machine
  test.slow();
  const token = await api.createToken(["telemetry:write", "routes:read"]);
  const release = await api.get(`/api/v1/models/${MODEL}/release`, token);
  expect(release.status()).toBe(200);
  const stable = ((await release.json()) as { stable: { version: string } | null }).stable?.version;
  expect(stable).toBeTruthy();

  const batch = [
    ...events(stable as string, "globex", 1500, true),
    ...events(stable as string, "acme", 800, false),
    ...events(stable as string, "initech", 800, false),
  ];
  const sent = await request.post("/api/v1/telemetry", { headers: { authorization: `Bearer ${token}` }, data: { events: batch } });
  expect(sent.status()).toBe(202);
  expect(((await sent.json()) as { accepted: number }).accepted).toBe(batch.length);

  await page.goto(`/models/${MODEL}`);
  await page.getByRole("navigation", { name: "Model sections" }).getByRole("link", { name: "Drift" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${MODEL}/drift`));

  const heatmap = page.getByRole("table", { name: /Drift heatmap/ });
  const top = heatmap.getByRole("row").nth(1);
  await expect(top.getByRole("rowheader")).toHaveText("globex");
  await expect(page.getByText("Method:")).toContainText("PSI");
  await expect(page.getByText("baseline: training data (manifest)").first()).toBeVisible();

  const worst = Number.parseFloat((await top.getByTestId("worst-psi").textContent()) ?? "");
  expect(worst).toBeGreaterThan(0.25);

  await top.getByRole("link", { name: /^globex amount_eur: PSI/ }).click();
  await expect(page).toHaveURL(/tenant=globex&feature=amount_eur/);
  const histogram = page.getByRole("figure", { name: "Baseline vs current histogram for globex · amount_eur" });
  await expect(histogram).toBeVisible();
  const series = histogram.locator(".recharts-bar");
  await expect(series).toHaveCount(2);
  await expect(series.nth(0).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(series.nth(1).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(histogram.getByText("Baseline")).toBeVisible();
  await expect(histogram.getByText("Current")).toBeVisible();
  await expect(page.getByRole("figure", { name: "PSI over time for globex · amount_eur" })).toBeVisible();
});
