import { defineConfig, devices } from "@playwright/test";
import { E2E, E2E_IDP } from "./e2e/env";

const CI = !!process.env.CI;

// Debian's Chromium (apt-get install chromium), never a browser Playwright downloads. Without
// the background-networking flags it keeps dialling Google's hosts, which this network refuses.
const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  },
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // one server on 2 cores: two browsers at a time is what it serves without timeouts
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: E2E.baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    // signs in once per role through the UI and saves each session (e2e/.auth/<role>.json)
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: chromium },
    { name: "chromium", testMatch: /\.spec\.ts$/, dependencies: ["setup"], use: { ...chromium, viewport: { width: 1440, height: 900 } } },
    // the on-call, approver and product-owner journeys again on a phone (on-call at night)
    {
      name: "phone",
      testMatch: /(on-call-rollback|tech-lead-approval|product-owner-charts)\.spec\.ts$/,
      dependencies: ["setup"],
      use: { ...chromium, viewport: { width: 390, height: 844 }, hasTouch: true },
    },
  ],
  // The real server, started the way `npm start` starts it, with the demo data (`--demo`), on a
  // fresh local PostgreSQL database. Playwright starts webServer before globalSetup, so the
  // database is reset by the first half of the command (see e2e/global-setup.ts).
  // Needs a production build first (`npm run build`; `npm test` builds before e2e).
  // Next to it, the identity provider the single sign-on journeys sign in at (e2e/idp-server.ts).
  webServer: [
    {
      command: "./node_modules/.bin/tsx e2e/idp-server.ts",
      url: `${E2E_IDP.issuer}/.well-known/openid-configuration`,
      reuseExistingServer: !CI,
      timeout: 60_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      command: "./node_modules/.bin/tsx e2e/global-setup.ts && exec npm start -- --demo",
      url: `${E2E.baseURL}/api/health`,
      reuseExistingServer: !CI,
      timeout: 180_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        DATABASE_URL: E2E.databaseUrl,
        HOST: "127.0.0.1",
        PORT: String(E2E.port),
        NEXTAUTH_URL: E2E.baseURL,
        NEXTAUTH_SECRET: E2E.authSecret,
        ROLLGATE_GUARDRAIL_INTERVAL_SECONDS: "2",
        // the webhook specs' receivers listen on loopback, which webhooks reach only when allowed
        ROLLGATE_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
        // single sign-on through the test provider; password sign-in stays on for the other specs
        ROLLGATE_OIDC_ISSUER: E2E_IDP.issuer,
        ROLLGATE_OIDC_CLIENT_ID: E2E_IDP.clientId,
        ROLLGATE_OIDC_CLIENT_SECRET: E2E_IDP.clientSecret,
        ROLLGATE_OIDC_SCOPES: "openid email profile groups",
        ROLLGATE_OIDC_NAME: E2E_IDP.name,
        ROLLGATE_OIDC_ROLE_MAP: E2E_IDP.roleMap,
        ROLLGATE_OIDC_TEAM_MAP: E2E_IDP.teamMap,
      },
    },
  ],
});
