// A product owner (viewer) browses the registry: models → a demo model → the diff of two of
// its versions; Settings is not theirs to open.
import { authFile, expect, test } from "./fixtures";

test.use({ storageState: authFile("viewer") });

test("viewer browses a model and sees what changed between two versions", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("link", { name: "Models" }).click();
  await expect(page).toHaveURL(/\/models$/);

  // the demo's fraud model, by the name its owners gave it
  await page.getByRole("link", { name: "Card fraud score" }).click();
  await expect(page.getByRole("heading", { name: "Card fraud score" })).toBeVisible();
  await expect(page.getByText("Payments Risk")).toBeVisible();
  await expect(page.getByRole("link", { name: "2026-08-19.1" }).first()).toBeVisible();

  // the serving upgrade in 2026-08-19.1 tightened the latency limit from 45 to 35 ms
  await page.getByRole("link", { name: "Compare versions" }).click();
  await expect(page).toHaveURL(/\/models\/fraud-score\/diff/);
  await page.getByLabel("From (before)").selectOption("2026-06-02.1");
  await page.getByLabel("To (after)").selectOption("2026-08-19.1");
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(/from=2026-06-02\.1&to=2026-08-19\.1/);
  const latency = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "limits.p95_latency_ms" }) });
  await expect(latency).toContainText("changed");
  await expect(latency).toContainText("45 ms");
  await expect(latency).toContainText("35 ms");
});

test("viewer cannot open Settings", async ({ page }) => {
  await page.goto("/models");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toHaveCount(0);

  await page.goto("/settings");
  await expect(page).toHaveURL(/\/forbidden/);
  await expect(page.getByRole("heading", { name: /access to this page/ })).toBeVisible();
  await expect(page.getByTestId("forbidden-role")).toHaveText("viewer");
});
