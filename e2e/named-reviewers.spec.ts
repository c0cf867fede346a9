// A model's gate names a team: an admin names the demo's Payments Risk team on the model's
// Reviewers tab, CI's evaluation puts a version in STAGING, the admin (outside the team) is told
// why they cannot approve it, and Hannah (in the team) approves it and ships it.
import { DEMO_TEAMS } from "../lib/demo/accounts";
import { accountFor } from "./env";
import { authFile, expect, manifestFor, test } from "./fixtures";

test.use({ storageState: authFile("approver") });

const V = "2026-01-15.1";
const RISK = DEMO_TEAMS.find((t) => t.key === "payments-risk");

test("a reviewer outside the named team cannot approve; one inside can", async ({ browser, page, api, modelKey }) => {
  test.slow(); // two browsers and a save on a 2-core machine
  if (!RISK) throw new Error("the demo has no payments-risk team");
  const hannah = accountFor("approver");
  const token = await api.createToken(["registry:write"], `ci-${modelKey}`);
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, V), token)).status()).toBe(201);

  // the admin names the team on the Reviewers tab
  const admin = await browser.newContext({ storageState: authFile("admin") });
  const adminPage = await admin.newPage();
  await adminPage.goto(`/models/${modelKey}/reviewers`);
  await expect(adminPage.getByRole("heading", { name: "Who approves a move to PROD" })).toBeVisible();
  await adminPage.getByRole("button", { name: "Add a rule" }).click();
  await adminPage.getByLabel("Rule 1: reviewers").fill("team:no-such-team");
  await adminPage.getByRole("button", { name: "Save reviewers" }).click();
  await expect(adminPage.getByText('names team "no-such-team", which does not exist')).toBeVisible();
  await adminPage.getByLabel("Rule 1: reviewers").fill(`team:${RISK.key}`);
  await adminPage.getByRole("button", { name: "Save reviewers" }).click();
  await expect(adminPage.getByRole("status")).toHaveText("Reviewers saved. They apply to every approval from now on.");
  await expect(adminPage.getByLabel("Rule 1: reviewers")).toHaveValue(`team:${RISK.key}`);

  const res = await page.request.post(`/api/v1/models/${modelKey}/versions/${V}/evaluations`, {
    headers: { authorization: `Bearer ${token}` },
    data: { dataset: "s3://rollgate-evals/e2e/holdout.parquet", metrics: { f1: 0.92, calibration_error: 0.03 } },
  });
  expect(res.status()).toBe(201);

  // outside the team: the rule, who can approve, and why not
  await adminPage.goto(`/approvals/${modelKey}/${V}`);
  const rule = adminPage.getByRole("listitem", { name: "Rule 1: waiting" });
  await expect(rule).toContainText(`1 of team ${RISK.name}`);
  await expect(rule).toContainText(`Can still approve: ${hannah.name}`);
  await expect(adminPage.getByText("You are not a named reviewer of this model")).toBeVisible();
  await expect(adminPage.getByRole("button", { name: "Approve", exact: true })).toBeDisabled();
  await admin.close();

  // inside the team: approve, and the first release goes to PROD
  await page.goto(`/approvals/${modelKey}/${V}`);
  await expect(page.getByRole("listitem", { name: "Rule 1: waiting" })).toContainText("This rule names you.");
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await page
    .getByRole("dialog", { name: `Approve ${V}?` })
    .getByRole("button", { name: "Confirm approval" })
    .click();
  await expect(page.getByText("Approved — now in PROD")).toBeVisible();
  await expect(page.getByRole("listitem", { name: "Rule 1: met" })).toContainText(`Approved by ${hannah.name}`);
});
