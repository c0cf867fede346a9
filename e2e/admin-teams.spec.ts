// An admin manages teams in Settings → Teams: creates one (the key suggested from the name), edits it,
// adds a member (an email without an account is explained under the field), sees them in the
// team and on the Users page, removes them and deletes the team; a bad or taken key is explained
// next to the key; deleting a team that owns a demo model is refused with the reason.
import { randomBytes } from "node:crypto";
import { accountFor } from "./env";
import { authFile, expect, test } from "./fixtures";

test.use({ storageState: authFile("admin") });

test("an admin creates a team, edits it, adds a member, removes them and deletes the team", async ({ page }) => {
  test.slow(); // three pages and six changes on a 2-core machine
  const suffix = randomBytes(3).toString("hex");
  const name = `Growth ML ${suffix}`;
  const key = `growth-ml-${suffix}`;
  const member = accountFor("operator");

  await page.goto("/settings/users");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Teams" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
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

  const email = team.getByLabel("Add a member (email)");
  await email.fill(`nobody-${suffix}@example.com`);
  await team.getByRole("button", { name: "Add", exact: true }).click();
  await expect(email).toHaveAccessibleDescription(
    `No user has the email nobody-${suffix}@example.com: create the account first (or let them sign in with SSO).`,
  );
  await email.fill(member.email);
  await team.getByRole("button", { name: "Add", exact: true }).click();
  const members = team.getByRole("list", { name: `Members of ${name}` });
  await expect(members).toContainText(member.name);
  await expect(members).toContainText(member.email);

  // the Users page lists the team with the person
  await page.goto("/settings/users");
  await expect(page.getByRole("list", { name: `Teams of ${member.email}` })).toContainText(name);
  await page.goto("/settings/teams");

  await team.getByRole("button", { name: `Remove ${member.email} from ${name}` }).click();
  await page
    .getByRole("dialog", { name: `Remove ${member.name} from ${name}?` })
    .getByRole("button", { name: "Remove member" })
    .click();
  await expect(team).toContainText("No members yet.");

  await team.getByRole("button", { name: "Delete team" }).click();
  await page
    .getByRole("dialog", { name: `Delete team ${name}?` })
    .getByRole("button", { name: "Delete team" })
    .click();
  await expect(page.getByRole("region", { name: `Team ${name}` })).toHaveCount(0);
});

test("a bad or taken key is explained next to the key field", async ({ page }) => {
  await page.goto("/settings/teams");
  const create = page.getByRole("form", { name: "Create a team" });
  // the demo's Payments Risk team has the key this name suggests
  await create.getByLabel("Name").fill("Payments Risk");
  await create.getByRole("button", { name: "Create team" }).click();
  await expect(create.getByRole("alert", { name: "The team was not created" })).toContainText("Check the highlighted field.");
  await expect(create.getByLabel("Key")).toHaveAccessibleDescription('"payments-risk" is taken: choose another key.');

  await create.getByLabel("Key").fill("Payments Risk 2");
  await create.getByRole("button", { name: "Create team" }).click();
  await expect(create.getByLabel("Key")).toHaveAccessibleDescription(/A team key is 2–64 lower-case letters, digits or dashes/);
  await expect(page.getByRole("region", { name: "Team Payments Risk" })).toHaveCount(1);
});

test("deleting a team that owns a demo model is refused, naming the model", async ({ page }) => {
  await page.goto("/settings/teams");
  const risk = page.getByRole("region", { name: "Team Payments Risk" });
  await expect(risk).toContainText("Owns fraud-score");
  await risk.getByRole("button", { name: "Delete team" }).click();
  await page.getByRole("dialog", { name: "Delete team Payments Risk?" }).getByRole("button", { name: "Delete team" }).click();
  await expect(risk.getByRole("alert")).toContainText("Team payments-risk cannot be deleted: it owns fraud-score");
  await page.reload();
  await expect(page.getByRole("region", { name: "Team Payments Risk" })).toContainText("Owns fraud-score");
});
