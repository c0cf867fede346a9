// Changes that take effect at the target's next request ask first: an admin who picks another
// role in the users table, or clicks Revoke on a token, sees what will happen and can cancel;
// only the confirmation records the change.
import { authFile, expect, test } from "./fixtures";

test.use({ storageState: authFile("admin") });

test("a role change waits for the admin's confirmation, and Cancel leaves the role as it was", async ({ page, modelKey }) => {
  const email = `${modelKey}@example.com`;
  await page.goto("/settings/users");
  await page.getByLabel("Name", { exact: true }).fill(`Dana ${modelKey}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Initial password").fill("a-long-enough-password-42");
  await page.getByRole("button", { name: "Add user" }).click();
  const role = page.getByLabel(`Role of ${email}`);
  await expect(role).toHaveValue("viewer");

  await role.selectOption("approver");
  const dialog = page.getByRole("dialog", { name: `Make Dana ${modelKey} an approver?` });
  await expect(dialog).toContainText(`${email} changes from viewer to approver at their next request.`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(role).toHaveValue("viewer");
  await page.reload();
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("viewer");

  await page.getByLabel(`Role of ${email}`).selectOption("approver");
  await page
    .getByRole("dialog", { name: `Make Dana ${modelKey} an approver?` })
    .getByRole("button", { name: "Change role" })
    .click();
  await expect(page.getByText(`${email} is now approver.`)).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("approver");
});

test("revoking a token asks first, and Cancel keeps it active", async ({ page, modelKey }) => {
  const name = `revoke-${modelKey}`;
  await page.goto("/settings/tokens");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("checkbox", { name: /routes:read/ }).check();
  await page.getByRole("button", { name: "Create token" }).click();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Active");

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Revoke token “${name}”?` });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Active");

  await page
    .getByRole("row")
    .filter({ hasText: name })
    .getByRole("button", { name: `Revoke ${name}` })
    .click();
  await page
    .getByRole("dialog", { name: `Revoke token “${name}”?` })
    .getByRole("button", { name: "Revoke token" })
    .click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
});
