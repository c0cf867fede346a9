// The tech lead's journey (issue 3): CI registers two versions and posts passing evaluations
// through the REST API; the approver ships the first from the approval page, then finds the
// second in /approvals, reviews its diff and eval deltas against PROD, and approves it. The model
// page shows it in PROD with the first kept as the rollback target, and the audit trail names the
// reviewer. CI registers with an API token, so the approver is never the registrant here.
import type { APIRequestContext } from "@playwright/test";
import { accountFor } from "./env";
import { authFile, expect, manifestFor, test } from "./fixtures";

test.use({ storageState: authFile("approver") });

const DATASET = "s3://rollgate-evals/e2e/2026-01-10/holdout.parquet";
const V1 = "2026-01-15.1";
const V2 = "2026-01-16.1";

/** POST /api/v1/models/{model}/versions/{version}/evaluations as CI; a pass moves the version to STAGING. */
async function postEvaluation(request: APIRequestContext, token: string, model: string, version: string, metrics: Record<string, number>) {
  const res = await request.post(`/api/v1/models/${model}/versions/${version}/evaluations`, {
    headers: { authorization: `Bearer ${token}` },
    data: { dataset: DATASET, metrics },
  });
  expect(res.status()).toBe(201);
  expect(await res.json()).toMatchObject({ passed: true, stage: "STAGING" });
}

test("an approver reviews a STAGING version against PROD and approves it to production", async ({ page, api, modelKey }) => {
  test.slow(); // two approvals, each a page round trip, on a 2-core machine
  const approver = accountFor("approver");
  const token = await api.createToken(["registry:write"], `ci-${modelKey}`);
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, V1), token)).status()).toBe(201);
  const v2 = manifestFor(modelKey, V2, (m) => {
    m.parent_version = V1;
    m.changelog = "Serving upgrade: the p95 latency limit tightened from 120 to 95 ms.";
    m.limits.p95_latency_ms = 95;
  });
  expect((await api.registerVersion(modelKey, v2, token)).status()).toBe(201);

  // The first release: nothing in production to compare with.
  await postEvaluation(page.request, token, modelKey, V1, { f1: 0.91, calibration_error: 0.04 });
  await page.goto(`/approvals/${modelKey}/${V1}`);
  await expect(page.getByText("First release: nothing in production to compare with", { exact: false })).toBeVisible();
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByText("Approved — now in PROD")).toBeVisible();

  // CI evaluates the second version once the first serves production: its gates compare with it.
  await postEvaluation(page.request, token, modelKey, V2, { f1: 0.93, calibration_error: 0.03 });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Approvals" }).click();
  await expect(page).toHaveURL(/\/approvals$/);
  await expect(page.getByRole("heading", { name: "Approvals", level: 1 })).toBeVisible();
  const queued = page.getByRole("row").filter({ hasText: modelKey });
  await expect(queued).toHaveCount(1); // V1 left the queue when it was promoted
  await expect(queued).toContainText(V2);
  await expect(queued).toContainText(/waiting (< 1|\d+) min/);
  await expect(queued).toContainText("0 of 1 approval — 1 more needed");
  await expect(queued).toContainText("passed");
  await queued.getByRole("link", { name: `Review ${modelKey} ${V2}` }).click();

  await expect(page.getByRole("heading", { name: `${modelKey} ${V2}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Changelog" })).toContainText(v2.changelog);

  // the manifest diff against PROD shows the tightened latency limit
  await expect(page.getByRole("heading", { name: `Manifest diff vs PROD ${V1}` })).toBeVisible();
  const latency = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "limits.p95_latency_ms" }) });
  await expect(latency).toContainText("changed");
  await expect(latency).toContainText("120 ms");
  await expect(latency).toContainText("95 ms");

  // eval metrics side by side with PROD's, with the deltas
  const metrics = page.getByRole("table", { name: `Evaluation metrics compared with PROD ${V1}` });
  const f1 = metrics.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "f1", exact: true }) });
  await expect(f1).toContainText("0.93");
  await expect(f1).toContainText("0.91");
  await expect(f1).toContainText("+0.02");
  const calibration = metrics.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "calibration_error" }) });
  await expect(calibration).toContainText("−0.01");

  await expect(page.getByTestId("approval-progress")).toHaveText("0 of 1 approval — 1 more needed");
  await page.getByLabel("Approval comment (optional)").fill("Diff and deltas reviewed; latency limit tightened.");
  await page.getByRole("button", { name: "Approve", exact: true }).click();

  await expect(page.getByText("Approved — now in PROD")).toBeVisible();
  await expect(page.getByText(`${V1} stays warm as PROD (previous), the rollback target`, { exact: false })).toBeVisible();
  const decisions = page.getByRole("list", { name: "Decisions" });
  await expect(decisions).toContainText(approver.name);
  await expect(decisions).toContainText("Diff and deltas reviewed; latency limit tightened.");

  // the model page: the new version serves production, the old one is the rollback target
  await page.getByRole("link", { name: "Open model page" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${modelKey}$`));
  const row = (version: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name: version, exact: true }) });
  await expect(row(V2).getByText("PROD", { exact: true })).toBeVisible();
  await expect(row(V1)).toContainText("PROD (previous)");

  // the audit trail, filtered by the model, names the reviewer on the approval
  await page.goto(`/audit?model=${modelKey}`);
  const approval = page.getByRole("row").filter({ hasText: "approval.decided" }).filter({ hasText: `${modelKey}@${V2}` });
  await expect(approval).toHaveCount(1);
  await expect(approval).toContainText(approver.email);
  await expect(approval).toContainText("Diff and deltas reviewed; latency limit tightened.");
  await expect(page.getByRole("row").filter({ hasText: "version.promoted" }).filter({ hasText: `${modelKey}@${V2}` })).toContainText(approver.email);
});
