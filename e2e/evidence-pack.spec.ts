// An auditor's pack, from the model page: an approver downloads the signed evidence pack for a
// date range, and the file checks out offline against the key the server publishes — signature,
// file digests and the audit chain — and names the export's own audit event. A viewer is not
// offered the download.
import { readFile } from "node:fs/promises";
import { parsePublicKey } from "../lib/audit/signing";
import { parsePack, verifyPack } from "../lib/evidence/verify-pack";
import { accountFor } from "./env";
import { authFile, expect, manifestFor, test } from "./fixtures";

test.use({ storageState: authFile("approver") });

test("an approver downloads the model's evidence pack and it verifies offline against the published key", async ({
  page,
  api,
  modelKey,
}) => {
  const token = await api.createToken(["registry:write"], `ci-${modelKey}`);
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, "2026-01-15.1"), token)).status()).toBe(201);

  await page.goto(`/models/${modelKey}`);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download evidence pack" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^rollgate-evidence-${modelKey}-.*\\.json$`));
  const pack = parsePack(await readFile(await download.path(), "utf8"));

  const published = (await (await page.request.get("/.well-known/rollgate-evidence-key")).json()) as { publicKeyPem: string };
  const verdict = verifyPack(pack, { key: parsePublicKey(published.publicKeyPem), source: "/.well-known/rollgate-evidence-key" });
  expect(verdict.ok, verdict.ok ? "" : verdict.problem).toBe(true);
  expect(pack.statement.model).toBe(modelKey);
  expect(JSON.parse(pack.files["versions.json"]!)).toEqual(expect.arrayContaining([expect.objectContaining({ version: "2026-01-15.1" })]));
  expect(pack.files["report.html"]).toContain(modelKey);

  // the export is in the audit trail, by the approver who made it
  const exported = await page.request.get(`/api/v1/audit?action=evidence.exported&model=${modelKey}`, {
    headers: { authorization: `Bearer ${await api.createToken(["audit:read"], `audit-${modelKey}`)}` },
  });
  expect(exported.status()).toBe(200);
  const events = ((await exported.json()) as { events: { seq: string; actor: { label: string } }[] }).events;
  expect(events.find((e) => e.seq === pack.statement.exportEventSeq)?.actor.label).toBe(accountFor("approver").email);
});

test.describe("a viewer", () => {
  test.use({ storageState: authFile("viewer") });
  test("is not offered the evidence download", async ({ page, api, modelKey }) => {
    const token = await api.createToken(["registry:write"], `ci-${modelKey}`);
    expect((await api.registerVersion(modelKey, manifestFor(modelKey, "2026-01-15.1"), token)).status()).toBe(201);
    await page.goto(`/models/${modelKey}`);
    await expect(page.getByRole("heading", { name: "Versions" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Download evidence pack" })).toHaveCount(0);
  });
});
