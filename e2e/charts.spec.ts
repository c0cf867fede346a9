// Charts tell the truth (issue 14): a canary's candidate and stable keep their colours from the
// Metrics tab to the Tenants tab, the release page and, after a rollback, the incident; the quality chart names the metric the
// manifest declares, and the release chart's guardrail line names the same metric; threshold
// and step labels do not cover each other; a range with only 20 minutes of traffic says so;
// and every chart can be read as a table.
import { randomBytes } from "node:crypto";
import type { Locator } from "@playwright/test";
import { authFile, expect, manifestFor, test } from "./fixtures";
import { shipStableThenCanary } from "./release-steps";

test.use({ storageState: authFile("operator") });

const STABLE = "2026-03-01.1";
const CANDIDATE = "2026-03-08.1";

/** `n` minutes of traffic ending a minute ago, 3 requests a minute per version, for one tenant */
function traffic(model: string, tenant: string, minutes: number) {
  const now = Date.now();
  return [STABLE, CANDIDATE].flatMap((version) =>
    Array.from({ length: minutes * 3 }, (_, i) => ({
      request_id: `charts-${randomBytes(6).toString("hex")}`,
      model,
      version,
      tenant,
      ts: new Date(now - (1 + Math.floor(i / 3)) * 60_000 - i).toISOString(),
      latency_ms: version === STABLE ? 40 + (i % 5) : 60 + (i % 5),
      outcome: "ok",
      score: version === STABLE ? 0.9 : 0.86,
    })),
  );
}

/** the colour of each version's legend swatch in a chart */
async function swatches(chart: Locator): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const item of await chart.getByTestId("legend-item").all()) {
    const key = (await item.getAttribute("data-key")) ?? "";
    out[key] = await item.getByTestId("legend-swatch").evaluate((e) => getComputedStyle(e).borderTopColor);
  }
  return out;
}

async function boxes(chart: Locator) {
  await expect(chart.getByTestId("chart-threshold-label").first()).toBeVisible();
  const labels = await chart.locator('[data-testid="chart-threshold-label"], [data-testid="chart-step-label"]').all();
  return Promise.all(labels.map(async (l) => ({ text: await l.textContent(), box: (await l.boundingBox())! })));
}

test("a version keeps its colour on every chart; the quality chart names its metric; charts read as tables", async ({
  page,
  browser,
  api,
  modelKey,
}) => {
  test.setTimeout(150_000); // two approvals in another browser, then four pages
  const tag = randomBytes(3).toString("hex");
  const metric = `precision_${tag}`;
  const tenant = `charts-${tag}`;
  const token = await api.createToken(["registry:write", "telemetry:write"], `ci-${modelKey}`);
  const quality = (m: Parameters<NonNullable<Parameters<typeof manifestFor>[2]>>[0]) => (m.quality = { metric, min: 0.8 });
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, STABLE, quality), token)).status()).toBe(201);
  const candidateManifest = manifestFor(modelKey, CANDIDATE, (m) => {
    quality(m);
    m.parent_version = STABLE;
  });
  expect((await api.registerVersion(modelKey, candidateManifest, token)).status()).toBe(201);
  await shipStableThenCanary(page.request, browser, token, modelKey, STABLE, CANDIDATE);

  const sent = await page.request.post("/api/v1/telemetry", {
    headers: { authorization: `Bearer ${token}` },
    data: { events: traffic(modelKey, tenant, 20) },
  });
  expect(await sent.json()).toMatchObject({ accepted: 120, rejected: [] });

  // Metrics tab, last hour: only its last 20 minutes have traffic
  await page.goto(`/models/${modelKey}/metrics?range=1h`);
  const p95 = page.getByTestId("chart-p95");
  await expect(p95).toHaveAttribute("data-empty", "false");
  await expect(page.getByRole("figure", { name: `Quality — ${metric}` })).toBeVisible();
  await expect(p95.getByTestId("chart-p95-coverage")).toHaveText("Data for 20 min of the 1 h shown");
  const onMetrics = await swatches(p95);
  expect(Object.keys(onMetrics).sort()).toEqual([STABLE, CANDIDATE].sort());
  expect(onMetrics[STABLE]).not.toBe(onMetrics[CANDIDATE]);
  await expect(p95.getByTestId("legend-item").filter({ hasText: `${CANDIDATE} (candidate)` })).toBeVisible();
  // the other charts of the page agree
  expect(await swatches(page.getByTestId("chart-share"))).toEqual(onMetrics);

  // Show as table: a row per minute with data, a column per version
  await p95.getByRole("button", { name: "Show as table" }).click();
  const table = p95.getByRole("table", { name: "p95 latency" });
  await expect(table.getByRole("columnheader")).toHaveText(["Time", `${STABLE} (stable)`, `${CANDIDATE} (candidate)`]);
  await expect(table.getByRole("row")).toHaveCount(21);
  await expect(table.getByRole("row").nth(1)).toContainText("ms");
  await p95.getByRole("button", { name: "Hide table" }).click();
  await expect(table).toHaveCount(0);

  // Tenants tab, the tenant's own charts: the same colours
  await page.goto(`/models/${modelKey}/tenants?range=1h&tenant=${tenant}`);
  const tenantP95 = page.getByTestId("tenant-chart-p95");
  await expect(tenantP95).toHaveAttribute("data-empty", "false");
  expect(await swatches(tenantP95)).toEqual(onMetrics);
  await expect(page.getByRole("figure", { name: `Quality — ${metric}` })).toBeVisible();

  // Release page: the same colours, the guardrail floor names the metric of the title, and
  // no threshold or step label covers another
  await page.goto(`/models/${modelKey}/release`);
  const releaseQuality = page.getByTestId("release-chart-quality");
  await expect(releaseQuality).toHaveAttribute("data-empty", "false", { timeout: 20_000 });
  await expect(page.getByRole("figure", { name: `Quality — ${metric}` })).toBeVisible();
  await expect(releaseQuality.getByTestId("chart-threshold-label")).toHaveText(`${metric} ≥ 0.8`);
  const releaseP95 = page.getByTestId("release-chart-p95");
  expect(await swatches(releaseP95)).toEqual(onMetrics);
  const labels = await boxes(releaseP95);
  expect(labels.length).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = [labels[i]!.box, labels[j]!.box];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `"${labels[i]!.text}" and "${labels[j]!.text}" overlap`).toBe(true);
    }
  }

  // The on-call rolls the canary back. Colours follow what a version is now (the rolled-back
  // candidate is no longer the candidate): the incident and the Metrics tab agree
  await page.getByRole("button", { name: "Rollback", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Roll back ${modelKey}?` });
  await dialog.getByLabel("Reason").fill(`charts ${tag}`);
  await dialog.getByRole("button", { name: `Roll back to ${STABLE}` }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("link", { name: "Open the incident" }).click();
  await expect(page).toHaveURL(/\/incidents\/[^/]+$/);
  const incidentP95 = page.getByTestId("incident-chart-p95");
  await expect(incidentP95).toHaveAttribute("data-empty", "false");
  await expect(page.getByRole("figure", { name: "p95 latency" })).toBeVisible();
  const onIncident = await swatches(incidentP95);
  expect(onIncident[STABLE]).toBe(onMetrics[STABLE]);
  expect(onIncident[CANDIDATE]).not.toBe(onIncident[STABLE]);
  await page.goto(`/models/${modelKey}/metrics?range=1h`);
  await expect(page.getByTestId("chart-p95")).toHaveAttribute("data-empty", "false");
  expect(await swatches(page.getByTestId("chart-p95"))).toEqual(onIncident);
});
