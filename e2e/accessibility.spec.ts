// axe on every main page, in light and in dark mode (the theme follows the system setting, which
// the browser emulates): no serious or critical WCAG 2.1 A/AA violation, contrast included.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { authFile, expect, test } from "./fixtures";

// forty independent page audits: spread over the workers instead of queueing behind one
test.describe.configure({ mode: "parallel" });

const PAGES: { name: string; path: string | ((page: Page) => Promise<string>) }[] = [
  { name: "home", path: "/" },
  { name: "models", path: "/models" },
  { name: "model", path: "/models/fraud-score" },
  { name: "release", path: "/models/support-reply/release" },
  { name: "metrics", path: "/models/support-reply/metrics" },
  { name: "tenants", path: "/models/support-reply/tenants" },
  { name: "drift", path: "/models/fraud-score/drift" },
  { name: "diff", path: "/models/fraud-score/diff" },
  { name: "reviewers", path: "/models/fraud-score/reviewers" },
  { name: "approvals", path: "/approvals?for=all" },
  { name: "approval", path: (page) => firstLink(page, "/approvals?for=all", /^Review /) },
  { name: "releases", path: "/releases" },
  { name: "incidents", path: "/incidents" },
  { name: "predictions", path: "/predictions" },
  { name: "audit", path: "/audit" },
  { name: "settings", path: "/settings" },
  { name: "users", path: "/settings/users" },
  { name: "teams", path: "/settings/teams" },
  { name: "tokens", path: "/settings/tokens" },
  { name: "webhooks", path: "/settings/webhooks" },
];

/** The href of the first link on `from` whose name matches: a page whose address the demo data decides. */
async function firstLink(page: Page, from: string, name: RegExp): Promise<string> {
  await page.goto(from);
  const href = await page.getByRole("link", { name }).first().getAttribute("href");
  expect(href, `a link matching ${name} on ${from}`).toBeTruthy();
  return href as string;
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
}

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ storageState: authFile("admin"), colorScheme: scheme });

    for (const p of PAGES) {
      test(`${p.name} has no serious or critical accessibility violations`, async ({ page }) => {
        const path = typeof p.path === "string" ? p.path : await p.path(page);
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        // charts and tables fill in after the first paint; audit what a person reads, not the placeholders
        await expect(page.locator(".animate-pulse")).toHaveCount(0);
        expect(await seriousViolations(page)).toEqual([]);
      });
    }
  });
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });
  for (const scheme of ["light", "dark"] as const) {
    test(`sign-in has no serious or critical accessibility violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto("/sign-in");
      await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
      // the e2e server has single sign-on configured: its button is checked too
      await expect(page.getByRole("button", { name: /^Sign in with / })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
