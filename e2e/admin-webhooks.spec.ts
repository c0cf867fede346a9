// An admin adds a webhook in Settings, sees its signing secret once, sends a test, pauses it and
// deletes it; bad input is explained field by field; a viewer and an operator cannot open the
// webhooks pages, not even a webhook's own URL.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "../lib/notify/sign";
import { authFile, expect, test } from "./fixtures";

test.use({ storageState: authFile("admin") });

// A receiver on 127.0.0.1 for the test delivery: it keeps what it gets and answers 204.
type Received = { headers: Record<string, string | string[] | undefined>; body: string };
const received: Received[] = [];
let receiver: Server;
let receiverUrl = "";
test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rollgate`;
});
test.afterAll(async () => {
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

test("admin adds a webhook, sees its secret once, sends a test, pauses and deletes it", async ({ page, modelKey }) => {
  const name = `hooks-${modelKey}`;
  await page.goto("/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();

  const form = page.locator("#add-webhook");
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("URL").fill(receiverUrl);
  await form.getByRole("checkbox", { name: "All events" }).uncheck();
  await form.getByRole("checkbox", { name: /All releases/ }).check();
  await form.getByRole("checkbox", { name: /version\.promoted/ }).check();
  await form.getByRole("button", { name: "Create webhook" }).click();

  const secretBox = page.getByTestId("new-webhook-secret");
  await expect(secretBox).toBeVisible();
  await expect(page.getByText("This signing secret is shown only once.")).toBeVisible();
  const secret = (await secretBox.textContent())?.trim() ?? "";
  expect(secret).toMatch(/^whsec_[\w-]{43}$/);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("All releases");
  await expect(row).toContainText("version.promoted");
  await expect(row).toContainText("Active");

  await page.getByRole("link", { name: "Open the webhook" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // the secret is not on the webhook's page
  await expect(page.getByText(secret)).toHaveCount(0);

  await page.getByRole("button", { name: "Send test" }).click();
  await expect(page.getByRole("status").filter({ hasText: "webhook.test event is on its way" })).toBeVisible();
  // The server's delivery loop posts it, signed with the secret shown once.
  await expect.poll(() => received.filter((r) => r.headers["x-rollgate-event"] === "webhook.test").length).toBe(1);
  const delivery = received.find((r) => r.headers["x-rollgate-event"] === "webhook.test")!;
  expect(verifySignature(secret, delivery.headers, delivery.body)).toMatchObject({ ok: true });
  expect(verifySignature("whsec_not-the-secret", delivery.headers, delivery.body)).toMatchObject({ ok: false });
  expect(JSON.parse(delivery.body)).toMatchObject({ event: "webhook.test" });
  const testRow = page.getByRole("table", { name: "Deliveries" }).getByRole("row").filter({ hasText: "webhook.test" });
  await expect(async () => {
    await page.reload();
    await expect(testRow).toContainText("Delivered", { timeout: 1_000 });
    await expect(testRow).toContainText("204", { timeout: 1_000 });
  }).toPass();

  const settings = page.locator("#settings");
  await settings.getByLabel("Name").fill(`${name}-paused`);
  await settings.getByRole("checkbox", { name: /^Active/ }).uncheck();
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(settings.getByRole("status")).toContainText("Saved.");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: `${name}-paused` })).toBeVisible();
  await expect(page.getByText("Paused", { exact: true }).first()).toBeVisible();

  await page.getByRole("button", { name: "Rotate secret" }).click();
  await page
    .getByRole("dialog", { name: /Rotate the secret/ })
    .getByRole("button", { name: "Rotate secret" })
    .click();
  const rotated = (await page.getByTestId("new-webhook-secret").textContent())?.trim() ?? "";
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(secret);

  await page.getByRole("button", { name: "Delete" }).click();
  await page
    .getByRole("dialog", { name: /Delete webhook/ })
    .getByRole("button", { name: "Delete webhook" })
    .click();
  await page.waitForURL("**/settings/webhooks");
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
});

test("bad input is explained next to each field", async ({ page }) => {
  await page.goto("/settings/webhooks");
  const form = page.locator("#add-webhook");
  await form.getByLabel("URL").fill("https://user:password@hooks.example.com/x");
  await form.getByRole("checkbox", { name: "All events" }).uncheck();
  await form.getByLabel("Signing secret (optional)").fill("short");
  await form.getByRole("button", { name: "Create webhook" }).click();
  await expect(form.getByRole("alert", { name: "The webhook was not created" })).toContainText("Check the highlighted fields.");
  await expect(form.getByText("Enter a name.")).toBeVisible();
  await expect(form.getByText(/Remove the user name and password/)).toBeVisible();
  await expect(form.getByText(/Choose at least one event/)).toBeVisible();
  await expect(form.getByText(/Use at least 16 characters/)).toBeVisible();
});

test("a viewer and an operator cannot open webhooks, not even by URL", async ({ page, browser, modelKey }) => {
  // the admin makes one, so there is a real webhook URL to try
  await page.goto("/settings/webhooks");
  const form = page.locator("#add-webhook");
  await form.getByLabel("Name").fill(`private-${modelKey}`);
  await form.getByLabel("URL").fill(receiverUrl);
  await form.getByRole("button", { name: "Create webhook" }).click();
  await page.getByRole("link", { name: "Open the webhook" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `private-${modelKey}` })).toBeVisible();
  const webhookUrl = new URL(page.url()).pathname;

  for (const role of ["viewer", "operator"] as const) {
    const context = await browser.newContext({ storageState: authFile(role) });
    const other = await context.newPage();
    for (const path of ["/settings/webhooks", webhookUrl]) {
      await other.goto(path);
      await expect(other).toHaveURL(/\/forbidden/);
    }
    await expect(other.getByText(`private-${modelKey}`)).toHaveCount(0);
    await context.close();
  }
});
