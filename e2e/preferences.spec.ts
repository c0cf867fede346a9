// A viewer picks how the pages look: the theme (System / Light / Dark) and whether times read in
// UTC or their own zone. Both are remembered by the browser and rendered right from the first
// paint, by the server, without a hydration mismatch.
import type { Locator, Page } from "@playwright/test";
import { authFile, expect, test } from "./fixtures";

test.use({ storageState: authFile("viewer") });

// the browser names the zone; Chromium still says Asia/Calcutta for Asia/Kolkata
const LOCAL_FROM = /^From \(Asia\/(Kolkata|Calcutta)\)$/;
const LOCAL_TO = /^To \(Asia\/(Kolkata|Calcutta)\)$/;

/** React reports a server/client mismatch as error #418/#425 (production) or "hydration". */
function watchHydration(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Minified React error #(418|423|425)|hydrat/i.test(msg.text())) errors.push(msg.text());
  });
  page.on("pageerror", (e) => {
    if (/Minified React error #(418|423|425)|hydrat/i.test(e.message)) errors.push(e.message);
  });
  return errors;
}

async function choose(page: Page, group: "Theme" | "Times", option: string | RegExp) {
  const menu = page.getByTestId("preferences-menu");
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await menu.locator("summary").click();
  await page.getByRole("group", { name: group }).getByRole("radio", { name: option }).check();
}

/** Relative luminance of an element's background (0 black … 1 white). */
async function backgroundLuminance(el: Locator): Promise<number> {
  const rgb = await el.evaluate((node) => getComputedStyle(node).backgroundColor);
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).map(Number).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

test("Dark is remembered across a reload and a new page, and System follows the system setting", async ({ page, context }) => {
  const hydration = watchHydration(page);
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/models");
  const html = page.locator("html");
  const header = page.getByRole("banner");
  await expect(html).not.toHaveClass(/\bdark\b/);
  expect(await backgroundLuminance(header)).toBeGreaterThan(0.8);

  await choose(page, "Theme", "Dark");
  await expect(html).toHaveClass(/\bdark\b/);
  await expect.poll(() => backgroundLuminance(header)).toBeLessThan(0.05);
  await expect(html).toHaveCSS("color-scheme", "dark");

  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  expect(await backgroundLuminance(header)).toBeLessThan(0.05);

  const other = await context.newPage();
  await other.emulateMedia({ colorScheme: "light" });
  await other.goto("/approvals");
  await expect(other.locator("html")).toHaveClass(/\bdark\b/);
  expect(await backgroundLuminance(other.getByRole("banner"))).toBeLessThan(0.05);
  await other.close();

  // System: the page turns with the system setting, also while it is open
  await choose(page, "Theme", "System");
  await expect(html).not.toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(html).toHaveClass(/\bdark\b/);
  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(html).not.toHaveClass(/\bdark\b/);
  await expect(html).toHaveCSS("color-scheme", "light");
  expect(hydration).toEqual([]);
});

test("the theme can be chosen before signing in", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, colorScheme: "light" });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await choose(page, "Theme", "Dark");
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await context.close();
});

test("times switch between UTC and the browser's zone, and the choice is remembered", async ({ browser }) => {
  const context = await browser.newContext({ storageState: authFile("viewer"), timezoneId: "Asia/Kolkata" });
  const page = await context.newPage();
  const hydration = watchHydration(page);
  // a fixed range, so the times on the page are known
  const url = "/models/fraud-score/metrics?range=custom&from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z";
  await page.goto(url);
  const caption = page.getByTestId("chart-share-caption");
  await expect(page.getByLabel("From (UTC)")).toHaveValue("2026-12-01 00:00");
  await expect(caption).toContainText("2026-12-01 00:00 – 2026-12-02 00:00 UTC");

  await choose(page, "Times", /Local/);
  await expect(page.getByLabel(LOCAL_FROM)).toHaveValue("2026-12-01 05:30");
  await expect(caption).toContainText("2026-12-01 05:30 – 2026-12-02 05:30 +05:30");

  // rendered by the server in the remembered zone on the next visit, and in a new page
  await page.reload();
  await expect(page.getByLabel(LOCAL_FROM)).toHaveValue("2026-12-01 05:30");
  await expect(caption).toContainText("+05:30");
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByLabel(LOCAL_TO)).toHaveValue("2026-12-02 05:30");

  // a custom range typed in local time means that local time
  await page.getByLabel(LOCAL_FROM).fill("2026-12-01 10:00");
  await page.getByLabel(LOCAL_TO).fill("2026-12-01 16:00");
  await page.getByRole("button", { name: "Custom range" }).click();
  await expect(caption).toContainText("2026-12-01 10:00 – 2026-12-01 16:00 +05:30");

  await choose(page, "Times", "UTC");
  await expect(caption).toContainText("2026-12-01 04:30 – 2026-12-01 10:30 UTC");
  await expect(page.getByLabel("From (UTC)")).toHaveValue("2026-12-01 04:30");
  expect(hydration).toEqual([]);
  await context.close();
});
