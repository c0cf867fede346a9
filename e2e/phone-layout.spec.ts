// On-call at night, on a phone (390 × 844): no page scrolls sideways, the navigation folds into
// a menu that works by touch and keyboard, and a canary is rolled back from the release page.
import type { Page } from "@playwright/test";
import { authFile, expect, manifestFor, test } from "./fixtures";
import { shipStableThenCanary } from "./release-steps";

const PHONE = { width: 390, height: 844 };

/** How far the page reaches past the screen's right edge (0 when it fits). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test.describe("as admin", () => {
  test.use({ storageState: authFile("admin"), viewport: PHONE });

  test("every main page fits a phone's width and the menu navigates", async ({ page }) => {
    const pages: [string, string][] = [
      ["/models", "Models"],
      ["/models/fraud-score/release", "Card fraud score"],
      ["/approvals", "Approvals"],
      ["/audit", "Audit trail"],
      ["/incidents", "Incidents"],
      ["/settings", "Settings"],
    ];
    for (const [path, heading] of pages) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expect.poll(() => overflow(page), { message: `${path} scrolls sideways` }).toBeLessThanOrEqual(0);
    }

    // the links are folded away until the menu opens
    const menu = page.getByRole("button", { name: "Menu" });
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(menu).toHaveAttribute("aria-expanded", "true");
    await expect(nav.getByRole("link", { name: "Models" })).toBeFocused();
    await expect(nav.getByRole("link", { name: /^Approvals/ })).toBeVisible();
    await expect(page.getByRole("search", { name: "Prediction lookup" })).toBeVisible();
    await expect(page.getByTestId("current-role")).toHaveText("admin");
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();

    // Escape closes it and gives focus back to the button
    await page.keyboard.press("Escape");
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    // following a link closes it on the new page
    await menu.click();
    await nav.getByRole("link", { name: "Audit" }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole("heading", { level: 1, name: "Audit trail" })).toBeVisible();
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    // on a fresh page the first Tab reaches the skip link, which moves focus to the page's content
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Audit trail" })).toBeVisible();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });
});

test.describe("as operator", () => {
  test.use({ storageState: authFile("operator"), viewport: PHONE });

  const STABLE = "2026-01-15.2";
  const CANDIDATE = "2026-02-01.1";

  test("on-call rolls back a canary from a phone", async ({ page, browser, api, modelKey }) => {
    test.slow(); // two approvals in a second browser, then the journey
    const token = await api.createToken(["registry:write", "release:write", "routes:read"], `ci-${modelKey}`);
    expect((await api.registerVersion(modelKey, manifestFor(modelKey, STABLE), token)).status()).toBe(201);
    const candidate = manifestFor(modelKey, CANDIDATE, (m) => {
      m.parent_version = STABLE;
    });
    expect((await api.registerVersion(modelKey, candidate, token)).status()).toBe(201);
    await shipStableThenCanary(page.request, browser, token, modelKey, STABLE, CANDIDATE);

    await page.goto(`/models/${modelKey}/release`);
    await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 5 %`);
    await expect.poll(() => overflow(page)).toBeLessThanOrEqual(0);

    const rollback = page.getByRole("button", { name: "Rollback", exact: true });
    await expect(rollback).toBeInViewport();
    await rollback.click();
    const dialog = page.getByRole("dialog", { name: `Roll back ${modelKey}?` });
    await expect(dialog).toBeVisible();
    // the whole dialog is on the screen, with a margin, and its buttons are within reach
    const box = await dialog.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThan(0);
    expect(box!.x + box!.width).toBeLessThan(PHONE.width);
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height);
    await expect(dialog.getByTestId("rollback-sentence")).toContainText(`Traffic goes back to ${STABLE}`);
    const reason = `p95 doubled on the 5 % step, paged at night (${modelKey})`;
    await dialog.getByLabel("Reason").fill(reason);
    const confirm = dialog.getByRole("button", { name: `Roll back to ${STABLE}` });
    await expect(confirm).toBeInViewport();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeInViewport();
    await confirm.click();
    await expect(dialog).toBeHidden();

    await expect(page.getByTestId("split-stable")).toContainText(`${STABLE} 100 %`);
    await expect(page.getByTestId("release-state")).toHaveText("Rolled back");
    await expect.poll(() => overflow(page)).toBeLessThanOrEqual(0);

    // the incident it opened, reached through the menu
    await page.getByRole("button", { name: "Menu" }).click();
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: /^Incidents/ })
      .click();
    await expect(page).toHaveURL(/\/incidents$/);
    await expect(page.getByRole("row").filter({ hasText: modelKey })).toContainText(reason);
    await expect.poll(() => overflow(page)).toBeLessThanOrEqual(0);
  });
});
