// The tech lead's journey (issues 3 and 4): CI registers two versions and posts passing
// evaluations through the REST API; the approver ships the first from the approval page (a
// model's first version goes to PROD at once), then finds the second in /approvals, reviews its
// diff and eval deltas against PROD, and approves it: its canary starts at the first ramp step,
// and the model page shows it rolling out. Automation promotes it through the release API; the
// model page then shows it in PROD with the first kept as the rollback target, and the audit
// trail names the reviewer. CI registers with an API token, so the approver is never the registrant.
import type { APIRequestContext } from "@playwright/test";
import { accountFor } from "./env";
import { authFile, expect, mainNav, manifestFor, test } from "./fixtures";
import { confirmApproval } from "./release-steps";

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

test("an approver reviews a STAGING version against PROD and approves it: its canary starts, then it is promoted to production", async ({
  page,
  api,
  modelKey,
}) => {
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
  await expect(page.getByText("it is the model's first release, so it goes to PROD at once", { exact: false })).toBeVisible();
  // one click does not ship it: the confirmation says what the approval does first
  expect(await confirmApproval(page, V1)).toContain("it is the model's first release, so it goes to PROD at once");
  await expect(page.getByText("Approved — now in PROD")).toBeVisible();

  // CI evaluates the second version once the first serves production: its gates compare with it.
  await postEvaluation(page.request, token, modelKey, V2, { f1: 0.93, calibration_error: 0.03 });

  await (await mainNav(page)).getByRole("link", { name: "Approvals" }).click();
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
  // the page says what approving does: a canary next to PROD, not an instant switch
  await expect(page.getByText(`its rollout starts as a 5 % canary next to ${V1}`, { exact: false })).toBeVisible();
  await page.getByLabel("Approval comment (optional)").fill("Diff and deltas reviewed; latency limit tightened.");
  // Approve opens a confirmation stating the effect in one sentence: mode, first step, which version stays warm;
  // cancelling records nothing
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: `Approve ${V2}?` });
  await expect(confirm.getByTestId("approve-effect")).toHaveText(
    `Your approval completes the required count: its rollout starts as a 5 % canary next to ${V1}, which keeps the rest of the traffic and stays the rollback target.`,
  );
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("approval-progress")).toHaveText("0 of 1 approval — 1 more needed");
  await confirmApproval(page, V2);

  // approval starts the rollout at the first ramp step (the manifest's initial 5 %)
  await expect(page.getByText("Approved — rolling out: 5 % canary")).toBeVisible();
  await expect(page.getByText(`It serves 5 % of traffic as the candidate and ${V1} the rest.`, { exact: false })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open release page" })).toHaveAttribute("href", `/models/${modelKey}/release`);
  const decisions = page.getByRole("list", { name: "Decisions" });
  await expect(decisions).toContainText(approver.name);
  await expect(decisions).toContainText("Diff and deltas reviewed; latency limit tightened.");

  // the model page: the new version is the canary, the old one still serves as PROD
  await page.getByRole("link", { name: "Open model page" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${modelKey}$`));
  const row = (version: string) => page.getByRole("row").filter({ has: page.getByRole("link", { name: version, exact: true }) });
  await expect(row(V2).getByText("Rolling out", { exact: true })).toBeVisible();
  await expect(row(V1).getByText("PROD", { exact: true })).toBeVisible();

  // automation (or on-call) promotes the canary through the release API, with the epoch it read
  const releaseToken = await api.createToken(["release:write", "routes:read"], `release-${modelKey}`);
  const auth = { authorization: `Bearer ${releaseToken}` };
  const current = await page.request.get(`/api/v1/models/${modelKey}/release`, { headers: auth });
  expect(current.status()).toBe(200);
  expect(await current.json()).toMatchObject({
    state: "ramping",
    mode: "canary",
    stable: { version: V1 },
    candidate: { version: V2, percent: 5 },
  });
  const etag = current.headers()["etag"];
  expect(etag).toMatch(/^"\d+"$/);
  const promoted = await page.request.post(`/api/v1/models/${modelKey}/release/promote`, {
    headers: { ...auth, "if-match": etag ?? "", "content-type": "application/json" },
    data: JSON.stringify({ reason: "canary healthy at 5 %" }),
  });
  expect(promoted.status()).toBe(200);
  expect(await promoted.json()).toMatchObject({ outcome: "completed", stable: V2, previousStable: V1, candidate: null });
  // the same epoch again is stale now: the release has moved on
  const stale = await page.request.post(`/api/v1/models/${modelKey}/release/promote`, { headers: { ...auth, "if-match": etag ?? "" } });
  expect(stale.status()).toBe(412);

  // the model page: the new version serves production, the old one is the rollback target
  await page.reload();
  await expect(row(V2).getByText("PROD", { exact: true })).toBeVisible();
  await expect(row(V1)).toContainText("PROD (previous)");

  // the approval page tells the same story now
  await page.goto(`/approvals/${modelKey}/${V2}`);
  await expect(page.getByText("Approved — now in PROD")).toBeVisible();
  await expect(page.getByText(`${V1} stays warm as PROD (previous), the rollback target`, { exact: false })).toBeVisible();

  // the audit trail, filtered by the model, names the reviewer on the approval and on the start
  // of the rollout, and the token that completed it
  await page.goto(`/audit?model=${modelKey}`);
  const approval = page
    .getByRole("row")
    .filter({ hasText: "approval.decided" })
    .filter({ hasText: `${modelKey}@${V2}` });
  await expect(approval).toHaveCount(1);
  await expect(approval).toContainText(approver.email);
  await expect(approval).toContainText("Diff and deltas reviewed; latency limit tightened.");
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: "version.rolling_out" })
      .filter({ hasText: `${modelKey}@${V2}` }),
  ).toContainText(approver.email);
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: "version.promoted" })
      .filter({ hasText: `${modelKey}@${V2}` }),
  ).toContainText(`release-${modelKey}`);
});
