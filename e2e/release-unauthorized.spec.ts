// The release page for someone who may not run releases: a viewer sees a canary's split, steps,
// pins and history, but no button that moves it; and when the operator's rollback request is
// replayed with the viewer's session (a forged server-action POST), the server refuses it and
// the release does not move.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Request } from "@playwright/test";
import { accountFor, E2E } from "./env";
import { authFile, expect, manifestFor, test } from "./fixtures";
import { stage } from "./release-steps";

test.use({ storageState: authFile("viewer") });

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";

// Runs in a child process (cwd = the repository) against the server's database: rollouts start
// through lib/rollout/service.ts startRollout, as the approver (the approval UI is another spec's).
const START_ROLLOUT = `
import { openDatabase } from "./lib/database/open";
import { startRollout } from "./lib/rollout/service";
const database = await openDatabase({ kind: "postgres", url: process.env.DATABASE_URL ?? "" }, { purpose: "e2e: start a rollout" });
try {
  const user = await database.prisma.user.findUniqueOrThrow({ where: { email: process.env.E2E_ACTOR ?? "" } });
  const actor = { type: "user" as const, id: user.id, label: user.email, role: user.role };
  const result = await startRollout(database.prisma, actor, { modelKey: process.env.E2E_MODEL ?? "", version: process.env.E2E_VERSION ?? "" });
  console.log(JSON.stringify(result));
} finally {
  await database.close();
}
`;

async function startRollout(model: string, version: string): Promise<{ outcome: string; epoch: number }> {
  const { stdout } = await run(path.join(ROOT, "node_modules/.bin/tsx"), ["--input-type=module", "--eval", START_ROLLOUT], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: E2E.databaseUrl, E2E_ACTOR: accountFor("approver").email, E2E_MODEL: model, E2E_VERSION: version },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

const MOVE_BUTTONS = ["Advance to 25 %", "Pause", "Resume", "Promote now", "Abort", "Rollback", "Force rollback…", "Pin tenant"];

test("a viewer sees a canary read-only, and a forged rollback with their session is refused", async ({ page, browser, api, modelKey }) => {
  test.slow(); // two child processes and a second browser
  const token = await api.createToken(["registry:write", "routes:read"], `ci-${modelKey}`);
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, STABLE), token)).status()).toBe(201);
  expect(
    (
      await api.registerVersion(
        modelKey,
        manifestFor(modelKey, CANDIDATE, (m) => void (m.parent_version = STABLE)),
        token,
      )
    ).status(),
  ).toBe(201);
  await stage(page.request, token, modelKey, STABLE);
  expect((await startRollout(modelKey, STABLE)).outcome).toBe("completed"); // the first version serves everything at once
  await stage(page.request, token, modelKey, CANDIDATE);
  const started = await startRollout(modelKey, CANDIDATE);
  expect(started.outcome).toBe("started");

  // The viewer: everything to read, nothing to press.
  await page.goto(`/models/${modelKey}/release`);
  await expect(page.getByRole("heading", { name: modelKey, level: 1 })).toBeVisible();
  await expect(page.getByTestId("split-candidate")).toContainText(`${CANDIDATE} 5 %`);
  await expect(page.getByRole("region", { name: "Actions" })).toContainText("Read-only");
  for (const name of MOVE_BUTTONS) await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Pin a tenant" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Unpin / })).toHaveCount(0);

  // The operator's rollback request, captured on its way out (and stopped there: nothing is rolled back).
  const operator = await browser.newContext({ storageState: authFile("operator") });
  let sent: Request | null = null;
  try {
    const opPage = await operator.newPage();
    await opPage.route(`**/models/${modelKey}/release`, async (route) => {
      const r = route.request();
      if (r.method() === "POST" && r.headers()["next-action"]) {
        sent = r;
        await route.abort();
      } else {
        await route.continue();
      }
    });
    await opPage.goto(`/models/${modelKey}/release`);
    await opPage.getByRole("button", { name: "Rollback", exact: true }).click();
    const dialog = opPage.getByRole("dialog", { name: `Roll back ${modelKey}?` });
    await dialog.getByLabel("Reason").fill("forged by a viewer");
    await dialog.getByRole("button", { name: `Roll back to ${STABLE}` }).click();
    await expect.poll(() => sent !== null).toBe(true);
  } finally {
    await operator.close();
  }
  const captured = sent as unknown as Request;

  // Replayed with the viewer's session: the action chain refuses the role before anything runs.
  const headers = { ...captured.headers() };
  delete headers.cookie;
  const replay = await page.request.post(captured.url(), { headers, data: captured.postDataBuffer() ?? "" });
  expect(replay.status()).toBe(200); // a server action answers 200 and carries its result in the body
  expect(await replay.text()).toContain("Your role (viewer) does not allow this (release:operate).");

  // Nothing moved: the same epoch, the candidate still at 5 %, no incident.
  const release = await page.request.get(`/api/v1/models/${modelKey}/release`);
  expect(release.status()).toBe(200);
  expect(await release.json()).toMatchObject({
    epoch: started.epoch,
    state: "ramping",
    candidate: { version: CANDIDATE, percent: 5 },
    openIncidents: [],
  });
  await expect(page.getByTestId("release-epoch")).toHaveText(String(started.epoch));
});
