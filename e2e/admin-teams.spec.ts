// An admin manages teams in Settings → Teams: creates one (the key suggested from the name), edits it,
// adds a member, removes them, deletes the team; deleting a team that owns a demo model is
// refused with the reason.
import { randomBytes } from "node:crypto";
import { accountFor } from "./env";
import { authFile, expect, test } from "./fixtures";

test.use({ storageState: authFile("admin") });

test("an admin creates a team, adds and removes a member, and deletes it; a team that owns a model is kept", async ({ page }) => {
  const suffix = randomBytes(3).toString("hex");
  const name = `Growth ML ${suffix}`;
  const key = `growth-ml-${suffix}`;
  const member = accountFor("operator");

  await page.goto("/settings/teams");
  const create = page.getByRole("form", { name: "Create a team" });
  await create.getByLabel("Name").fill(name);
  await expect(create.getByLabel("Key")).toHaveValue(key);
  await create.getByRole("button", { name: "Create team" }).click();
  await expect(create.getByRole("status")).toContainText(`Team ${name} (${key}) created`);

  const team = page.getByRole("region", { name: `Team ${name}` });
  await expect(team).toContainText("No members yet.");
  await team.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: `Edit team ${name}` });
  await edit.getByLabel("Description").fill("Recommendations for the storefront.");
  await edit.getByRole("button", { name: "Save team" }).click();
  await expect(team).toContainText("Recommendations for the storefront.");
  await team.getByLabel("Add a member (email)").fill(member.email);
  await team.getByRole("button", { name: "Add", exact: true }).click();
  await expect(team.getByRole("list", { name: `Members of ${name}` })).toContainText(member.name);

  await team.getByRole("button", { name: `Remove ${member.email} from ${name}` }).click();
  await page
    .getByRole("dialog", { name: `Remove ${member.name} from ${name}?` })
    .getByRole("button", { name: "Remove member" })
    .click();
  await expect(team).toContainText("No members yet.");

  // a demo team owns fraud-score: deleting it is refused, with the model named
  const risk = page.getByRole("region", { name: "Team Payments Risk" });
  await risk.getByRole("button", { name: "Delete team" }).click();
  await page.getByRole("dialog", { name: "Delete team Payments Risk?" }).getByRole("button", { name: "Delete team" }).click();
  await expect(risk.getByRole("alert")).toContainText("it owns fraud-score");

  await team.getByRole("button", { name: "Delete team" }).click();
  await page
    .getByRole("dialog", { name: `Delete team ${name}?` })
    .getByRole("button", { name: "Delete team" })
    .click();
  await expect(page.getByRole("region", { name: `Team ${name}` })).toHaveCount(0);
});
