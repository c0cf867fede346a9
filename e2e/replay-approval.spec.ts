// Replay over a frozen set, as the approver sees it: CI freezes a set of the model's captured
// requests, pulls it, replays it against the old and the new version (`rollgate replay compare`'s
// logic), and posts the result with its evaluation; the approval page names the set, lists the
// agreement per tenant worst first, and each of the worst disagreements links to its prediction.
import { compareReplay } from "../packages/cli/src/replay-compare";
import { authFile, expect, manifestFor, test } from "./fixtures";
import { insertCapturedRequests } from "./replay-records";

test.use({ storageState: authFile("approver") });

const V1 = "2026-01-15.1";
const BASELINE = "2026-01-10.1";
const DATASET = "s3://rollgate-evals/e2e/2026-01-10/holdout.parquet";

test("the approver sees a replay's frozen set, agreement per tenant worst first and a disagreement linking to its prediction", async ({
  page,
  api,
  modelKey,
}) => {
  const token = await api.createToken(["registry:write"], `ci-${modelKey}`);
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, V1), token)).status()).toBe(201);

  // 6 requests of "steady", 4 of "shaky": the candidate differs on one of each
  const tenantOf = (i: number) => (i < 6 ? "steady" : "shaky");
  const rows = Array.from({ length: 10 }, (_, i) => ({
    requestId: `${modelKey}-req-${i}`,
    tenant: tenantOf(i),
    version: BASELINE,
    output: { label: "approve", score: i / 100 },
  }));
  await insertCapturedRequests(modelKey, rows);

  const frozen = await page.request.post(`/api/v1/models/${modelKey}/replay-sets`, {
    headers: { authorization: `Bearer ${token}` },
    data: { name: "e2e-week", days: 7, size: 10 },
  });
  expect(frozen.status()).toBe(201);
  const set = (await frozen.json()) as { id: string; contentHash: string };
  const pulled = await api.get(`/api/v1/models/${modelKey}/replay-sets/e2e-week/items`, token);
  expect(pulled.headers()["x-rollgate-content-hash"]).toBe(set.contentHash);
  const setText = await pulled.text();

  const differs = new Set([`${modelKey}-req-0`, `${modelKey}-req-7`]);
  const outputs = (candidate: boolean) =>
    rows
      .map((r) => ({ request_id: r.requestId, output: candidate && differs.has(r.requestId) ? { label: "review", score: 0.9 } : r.output }))
      .map((l) => `${JSON.stringify(l)}\n`)
      .join("");
  const { report } = compareReplay({
    setText,
    baselineText: outputs(false),
    candidateText: outputs(true),
    baselineVersion: BASELINE,
    setId: set.id,
  });
  const evaluation = await page.request.post(`/api/v1/models/${modelKey}/versions/${V1}/evaluations`, {
    headers: { authorization: `Bearer ${token}` },
    data: { dataset: DATASET, metrics: { f1: 0.91, calibration_error: 0.04 }, replay: report },
  });
  expect(evaluation.status()).toBe(201);

  await page.goto(`/approvals/${modelKey}/${V1}`);
  const replay = page.getByRole("region", { name: "Replay" });
  await expect(replay).toContainText("e2e-week");
  await expect(replay).toContainText(set.id);
  await expect(replay).toContainText(`sha256:${set.contentHash.slice(0, 12)}`);

  const tenants = page.getByRole("table", { name: "Agreement per tenant" });
  await expect(tenants.getByRole("rowheader")).toHaveText(["shaky", "steady"]);
  await expect(tenants.getByRole("row").filter({ hasText: "shaky" })).toContainText("75");
  await expect(tenants.getByRole("row").filter({ hasText: "steady" })).toContainText("6 cases");

  const link = replay.getByRole("link", { name: `${modelKey}-req-7` });
  await expect(link).toHaveAttribute("href", `/predictions?id=${modelKey}-req-7`);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/predictions\\?id=${modelKey}-req-7$`));
  await expect(page.getByRole("heading", { name: "Prediction lookup", level: 1 })).toBeVisible();
});
