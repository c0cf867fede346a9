// Four-eyes on the approval page: an approver who registered a version sees that they cannot
// approve it, and the server refuses the approval when the request is forged anyway (the
// disabled button re-enabled, and the server action's POST replayed by hand). A viewer sees the
// same page read-only.
//
// How the registrant is made: the REST API registers versions only with API tokens, and a
// version registered through a token has the token, not a person, as its registrant. A person
// is the registrant only when the registry service is called with their user as the actor — as
// the demo data does for some versions. So this spec calls that service, with the approver's
// account, against the server's database in a child process (the way fixtures' createToken runs
// `npm run token`); everything after that goes through the REST API and the browser.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "@playwright/test";
import type { Manifest } from "../lib/registry/manifest-schema";
import { accountFor, E2E } from "./env";
import { authFile, expect, manifestFor, test } from "./fixtures";
import { stage } from "./release-steps";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const VERSION = "2026-02-01.1";

// Runs in the child process (cwd = the repository), where the registry service is importable.
const REGISTER_AS_USER = `
import { openDatabase } from "./lib/database/open";
import { registerVersion } from "./lib/registry/service";
const email = process.env.E2E_REGISTRANT ?? "";
const text = process.env.E2E_MANIFEST ?? "";
const database = await openDatabase({ kind: "postgres", url: process.env.DATABASE_URL ?? "" }, { purpose: "e2e: register as a user" });
try {
  const user = await database.prisma.user.findUniqueOrThrow({ where: { email } });
  const actor = { type: "user" as const, id: user.id, label: user.email, role: user.role };
  const result = await registerVersion(database.prisma, actor, { modelKey: JSON.parse(text).model_id, text, contentType: "application/json" });
  console.log(JSON.stringify(result));
} finally {
  await database.close();
}
`;

/** Registers `manifest` with the user `email` as its registrant (see the header). */
async function registerAsUser(email: string, manifest: Manifest): Promise<void> {
  const { stdout } = await run(path.join(ROOT, "node_modules/.bin/tsx"), ["--input-type=module", "--eval", REGISTER_AS_USER], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: E2E.databaseUrl, E2E_REGISTRANT: email, E2E_MANIFEST: JSON.stringify(manifest) },
  });
  expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}")).toMatchObject({ status: 201, body: { stage: "DEV" } });
}

/** The version as the API reports it to the signed-in browser session. */
async function versionState(page: Page, model: string, version: string) {
  const res = await page.request.get(`/api/v1/models/${model}/versions/${version}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { stage: string; approvals: unknown[] };
}

test.describe("the registrant", () => {
  test.use({ storageState: authFile("approver") });

  test("an approver cannot approve the version they registered, even with a forged request", async ({ page, api, modelKey }) => {
    test.slow(); // a child process opens the database, then two refused requests
    const me = accountFor("approver");
    await registerAsUser(me.email, manifestFor(modelKey, VERSION));
    await stage(page.request, await api.createToken(["registry:write"], `ci-${modelKey}`), modelKey, VERSION);

    await page.goto(`/approvals/${modelKey}/${VERSION}`);
    await expect(page.getByRole("heading", { name: `${modelKey} ${VERSION}`, level: 1 })).toBeVisible();
    await expect(page.getByText(`Registered by ${me.email}`, { exact: false })).toBeVisible();
    await expect(page.getByText("You registered this version, so you cannot approve it (four-eyes).")).toBeVisible();
    // nothing on the page suggests this approver's approval would count
    await expect(page.getByText(/Your approval completes/)).toHaveCount(0);
    const approve = page.getByRole("button", { name: "Approve", exact: true });
    await expect(approve).toBeDisabled();

    // the queue lists it as waiting for others, not for this approver, and says why
    await page.goto("/approvals");
    await expect(page.getByRole("link", { name: /^Waiting for you/ })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("link", { name: `Review ${modelKey} ${VERSION}` })).toHaveCount(0);
    await page.getByRole("link", { name: /^Waiting for others/ }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: `Review ${modelKey} ${VERSION}` }) });
    await expect(row).toContainText("You registered it");
    // the nav shows the queue's part waiting on others apart from the count for this approver
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Approvals .*[1-9]\d* waiting for others$/ }),
    ).toBeVisible();

    await page.goto(`/approvals/${modelKey}/${VERSION}`);
    await expect(approve).toBeDisabled();
    // withdrawing it is still theirs to do
    await expect(page.getByRole("button", { name: "Reject", exact: true })).toBeEnabled();

    // Forged, 1: the disabled button re-enabled in the browser. The request reaches the server,
    // which refuses it, and the form shows the server's message.
    await approve.evaluate((button) => button.removeAttribute("disabled"));
    const sent = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
    // (Approve opens a confirmation whose button submits the form; React ignores clicks on a button
    // it rendered disabled, so the forgery submits the form the way that confirmation does)
    await page.getByRole("form", { name: "Approve this version" }).evaluate((form) => (form as HTMLFormElement).requestSubmit());
    const request = await sent;
    const refusal = page.getByRole("alert", { name: "The approval was not recorded" });
    await expect(refusal).toContainText(
      `you registered ${VERSION}, so you cannot approve it: four-eyes requires a reviewer other than the registrant (admins included).`,
    );

    // Forged, 2: the same server-action POST replayed outside the page, with the session cookie.
    const replay = await page.request.post(request.url(), { headers: request.headers(), data: request.postData() ?? "" });
    expect(replay.status()).toBe(200); // a server action answers 200 and carries its result in the body
    expect(await replay.text()).toContain("four-eyes requires a reviewer other than the registrant");

    // nothing was recorded: still STAGING, no decision, the page still asks for one approval
    expect(await versionState(page, modelKey, VERSION)).toMatchObject({ stage: "STAGING", approvals: [] });
    await page.reload();
    await expect(page.getByTestId("approval-progress")).toHaveText("0 of 1 approval — 1 more needed");
    await expect(page.getByText("No decisions yet.")).toBeVisible();
  });
});

test.describe("a viewer", () => {
  test.use({ storageState: authFile("viewer") });

  test("sees the review read-only", async ({ page, api, modelKey }) => {
    const token = await api.createToken(["registry:write"], `ci-${modelKey}`);
    expect((await api.registerVersion(modelKey, manifestFor(modelKey, VERSION), token)).status()).toBe(201);
    await stage(page.request, token, modelKey, VERSION);

    await page.goto("/approvals");
    await page.getByRole("link", { name: `Review ${modelKey} ${VERSION}` }).click();
    await expect(page.getByText("Only approvers and admins can decide")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Reject", exact: true })).toHaveCount(0);
    await expect(page.getByTestId("approval-progress")).toHaveText("0 of 1 approval — 1 more needed");
  });
});
