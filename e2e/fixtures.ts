// Specs import { test, expect } from here: Playwright's test with an `api` client for the
// REST API (and for creating API tokens the way scripts do) and a model key no other test uses.
// Every page of every spec runs under the server's Content-Security-Policy, and a test fails
// when a page reports a violation (a refused script, style, frame or connection).
import { randomBytes } from "node:crypto";
import {
  test as base,
  expect,
  type APIRequestContext,
  type APIResponse,
  type BrowserContext,
  type Locator,
  type Page,
} from "@playwright/test";
import type { TokenScope } from "../lib/auth/permissions";
import { fraudScoringManifest } from "../lib/registry/fixtures";
import type { Manifest } from "../lib/registry/manifest-schema";
import { authFile, type E2ERole } from "./env";
import { createE2EToken } from "./tokens";

export { expect, authFile, type E2ERole };

/** A valid manifest for `modelKey` (the registry's test fixture, first version: no parent). */
export function manifestFor(modelKey: string, version = "2026-01-15.1", edit?: (m: Manifest) => void): Manifest {
  const m = fraudScoringManifest();
  m.model_id = modelKey;
  m.model_version = version;
  delete m.parent_version;
  edit?.(m);
  return m;
}

export class RollgateApi {
  constructor(private readonly request: APIRequestContext) {}

  /** Creates an API token as `npm run token` does, against the server's database, and returns its secret. */
  async createToken(scopes: TokenScope[], name = `e2e-${randomBytes(4).toString("hex")}`): Promise<string> {
    return createE2EToken(scopes, name);
  }

  /** POST /api/v1/models/{model}/versions: a manifest object as JSON, a string as YAML. */
  registerVersion(modelKey: string, manifest: Manifest | string, token: string): Promise<APIResponse> {
    const yaml = typeof manifest === "string";
    return this.request.post(`/api/v1/models/${encodeURIComponent(modelKey)}/versions`, {
      headers: { authorization: `Bearer ${token}`, "content-type": yaml ? "application/yaml" : "application/json" },
      data: yaml ? manifest : JSON.stringify(manifest),
    });
  }

  get(pathAndQuery: string, token?: string): Promise<APIResponse> {
    return this.request.get(pathAndQuery, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  }
}

/** Content-Security-Policy violations reported by any page of the running test (one test at a time per worker). */
const violations: string[] = [];
const guarded = new WeakSet<BrowserContext>();

/** Chromium logs every refusal ("Refused to …"); the event catches what a page reports itself. */
async function guardCsp(context: BrowserContext): Promise<void> {
  if (guarded.has(context)) return;
  guarded.add(context);
  context.on("console", (msg) => {
    const text = msg.text();
    if (/Refused to|Content[- ]Security[- ]Policy|securitypolicyviolation/i.test(text))
      violations.push(`${msg.page()?.url() ?? "?"}: ${text}`);
  });
  // init scripts are injected by the browser's debugging protocol, which the CSP does not govern
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(
        `securitypolicyviolation: ${e.violatedDirective} refused ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
}

export const test = base.extend<
  { api: RollgateApi; modelKey: string; allowedCspViolations: RegExp[]; cspViolations: void },
  { cspBrowser: void }
>({
  // contexts a spec opens itself (another role's session) are guarded too
  cspBrowser: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        await guardCsp(context);
        return context;
      };
      await use();
      browser.newContext = newContext;
    },
    { scope: "worker", auto: true },
  ],
  context: async ({ context }, use) => {
    await guardCsp(context);
    await use(context);
  },
  /** what a test provokes on purpose (a refused frame), so not a failure */
  allowedCspViolations: [[], { option: true }],
  cspViolations: [
    async ({ allowedCspViolations }, use) => {
      violations.length = 0;
      await use();
      const unexpected = violations.filter((v) => !allowedCspViolations.some((re) => re.test(v)));
      violations.length = 0;
      expect(unexpected, "pages reported Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  api: async ({ request }, use) => {
    await use(new RollgateApi(request));
  },
  // the empty pattern is Playwright's: it reads a fixture's dependencies from this destructuring
  modelKey: async ({}, use, testInfo) => {
    await use(`e2e-${testInfo.workerIndex}-${randomBytes(4).toString("hex")}`);
  },
});

/**
 * The main navigation, opened first where it is folded into the Menu button (a phone): journeys
 * that run at 1440 and at 390 px follow the same links either way.
 */
export async function mainNav(page: Page): Promise<Locator> {
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  if ((await menu.isVisible()) && (await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
  return page.getByRole("navigation", { name: "Main" });
}
