// An admin reads the audit trail on a laptop screen: subjects are named (the token's name, the
// user's name and email), not database ids, which stay one click away; every column fits the
// card at 1280 and 1440 px; and an event's before/after opens as readable, pretty-printed JSON.
import { authFile, expect, test } from "./fixtures";
import type { Page } from "@playwright/test";

test.use({ storageState: authFile("admin") });

const CUID = /\bc[a-z0-9]{24}\b/;

async function createToken(page: Page, name: string) {
  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("checkbox", { name: /registry:write/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token-secret")).toBeVisible();
}

async function expectTableFits(page: Page) {
  const table = page.getByRole("table", { name: "Audit events" });
  await expect(table).toBeVisible();
  // nothing to scroll sideways inside the card, and the card ends inside the window
  const fit = await table.evaluate((t) => {
    const card = t.parentElement as HTMLElement;
    return { table: t.scrollWidth, card: card.clientWidth, cardRight: card.getBoundingClientRect().right, window: window.innerWidth };
  });
  expect(fit.table).toBeLessThanOrEqual(fit.card);
  expect(fit.cardRight).toBeLessThanOrEqual(fit.window);
  const last = await page.getByRole("columnheader", { name: "Before / after" }).boundingBox();
  expect(last && last.x + last.width).toBeLessThanOrEqual(page.viewportSize()!.width);
}

test("audit subjects show names, with the raw id kept at hand", async ({ page, modelKey }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const tokenName = `audit-${modelKey}`;
  await createToken(page, tokenName);

  await page.goto("/audit?action=token.created");
  const row = page.getByRole("row").filter({ hasText: tokenName });
  await expect(row).toHaveCount(1);
  const subject = row.getByTestId("audit-subject");
  await expect(subject).toHaveText(tokenName);
  await expect(subject).toHaveAttribute("title", /^token c[a-z0-9]{24}$/);
  expect(await row.innerText()).not.toMatch(CUID);

  // the id is in the event's details, with a copy button
  await row.getByRole("button", { name: /Details of event/ }).click();
  await expect(page.getByText(/^token c[a-z0-9]{24}$/)).toBeVisible();
  await expect(page.getByRole("button", { name: /Copy subject id/ })).toBeVisible();

  // a user is named by name and email
  await page.goto("/audit?action=user.created");
  const hannah = page.getByRole("row").filter({ hasText: "Hannah Okafor" });
  await expect(hannah).toHaveCount(1);
  await expect(hannah).toContainText("approver@rollgate.demo");
  expect(await hannah.innerText()).not.toMatch(CUID);
});

for (const width of [1280, 1440]) {
  test(`the audit table fits the page at ${width} px and opens before/after as readable JSON`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/audit");
    await expectTableFits(page);

    // a policy change: its fields, then both documents pretty-printed in monospace boxes
    await page.goto("/audit?action=model.policy_updated&model=fraud-score");
    const row = page.getByRole("row").filter({ hasText: "model.policy_updated" }).first();
    await row.getByRole("button", { name: /Details of event/ }).click();
    const after = page.getByLabel("After", { exact: true });
    await expect(after).toBeVisible();
    const text = await after.innerText();
    // one key a line, indented
    expect(text).toMatch(/\n {2,}"\w+": /);
    const box = await after.evaluate((el) => {
      const s = getComputedStyle(el);
      return { font: s.fontFamily, overflow: s.overflowY, fits: el.getBoundingClientRect().right <= window.innerWidth };
    });
    expect(box.font).toMatch(/mono/i);
    expect(box.overflow).toBe("auto");
    expect(box.fits).toBe(true);
    await expectTableFits(page);
  });
}
