// Steps several release journeys share: CI records a passing evaluation (DEV → STAGING), an
// approver approves in the browser, and events an inference service would report.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { authFile, expect, type E2ERole } from "./fixtures";

const DATASET = "s3://rollgate-evals/e2e/2026-01-10/holdout.parquet";

/** CI posts an evaluation that passes the default policy: the version moves to STAGING. */
export async function stage(request: APIRequestContext, token: string, model: string, version: string): Promise<void> {
  const res = await request.post(`/api/v1/models/${model}/versions/${version}/evaluations`, {
    headers: { authorization: `Bearer ${token}` },
    data: { dataset: DATASET, metrics: { f1: 0.92, calibration_error: 0.03 } },
  });
  expect(res.status()).toBe(201);
  expect(await res.json()).toMatchObject({ passed: true, stage: "STAGING" });
}

/** Runs `f` in a fresh browser context signed in as `role`. */
export async function asRole<T>(browser: Browser, role: E2ERole, f: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: authFile(role) });
  try {
    return await f(await context.newPage());
  } finally {
    await context.close();
  }
}

/**
 * An approver approves `version` on its approval page: Approve opens a dialog that says what the
 * approval does; confirming records it. Waits for the recorded outcome.
 */
export async function approve(browser: Browser, model: string, version: string): Promise<void> {
  await asRole(browser, "approver", async (page) => {
    await page.goto(`/approvals/${model}/${version}`);
    await confirmApproval(page, version);
    // the button is renamed "Approving…" while the action runs; wait for the recorded outcome
    await expect(page.getByText(/^Approved — (now in PROD|rolling out)/)).toBeVisible();
  });
}

/** Clicks Approve, reads the effect the dialog states (returned) and confirms. */
export async function confirmApproval(page: Page, version: string): Promise<string> {
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: `Approve ${version}?` });
  const effect = dialog.getByTestId("approve-effect");
  await expect(effect).toBeVisible();
  const text = (await effect.textContent()) ?? "";
  await dialog.getByRole("button", { name: "Confirm approval" }).click();
  return text;
}

/**
 * Both versions through the gates: the first, approved, takes all traffic at once (nothing to
 * ramp against); the second, evaluated and approved, starts its canary at the first step.
 */
export async function shipStableThenCanary(
  request: APIRequestContext,
  browser: Browser,
  token: string,
  model: string,
  stable: string,
  candidate: string,
): Promise<void> {
  await stage(request, token, model, stable);
  await approve(browser, model, stable);
  await stage(request, token, model, candidate);
  await approve(browser, model, candidate);
}

/** An admin replaces the model's policy on its Settings tab. */
export async function setPolicy(browser: Browser, model: string, policy: unknown): Promise<void> {
  await asRole(browser, "admin", async (admin) => {
    await admin.goto(`/models/${model}/settings`);
    const save = admin.getByRole("button", { name: "Save policy" });
    // the button enables once the text differs from the saved policy; text typed before the
    // editor hydrated is reset by React, so type again until the page has taken it
    await expect(async () => {
      await admin.getByLabel("Policy (JSON)").fill(JSON.stringify(policy, null, 2));
      await expect(save).toBeEnabled({ timeout: 1_000 });
    }).toPass();
    await save.click();
    // disabled also while the save runs: wait for the saved notice
    await expect(admin.getByRole("status").filter({ hasText: "Policy saved." })).toBeVisible();
  });
}

/** `n` events of one version, stamped now (after the canary's step began); every `errorEvery`th fails. */
export function events(model: string, version: string, n: number, errorEvery = 0) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    request_id: `e2e-${randomBytes(6).toString("hex")}`,
    model,
    version,
    tenant: `tenant-${i % 4}`,
    // one per millisecond up to now: a guardrail pass right after the ingest sees every event
    ts: now - n + i,
    latency_ms: 40 + (i % 10),
    outcome: errorEvery && i % errorEvery === 0 ? "error" : "ok",
    ...(errorEvery && i % errorEvery === 0 ? { error_class: "model" } : {}),
    score: 0.9,
  }));
}
