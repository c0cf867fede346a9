// Where the Playwright suite runs the real server, and with which database. Read by the
// config (in the runner and in every worker) and by the scripts that prepare the database,
// so every part agrees without passing state around.
import path from "node:path";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/demo/accounts";

const port = Number(process.env.ROLLGATE_E2E_PORT ?? 3210);
const idpPort = Number(process.env.ROLLGATE_E2E_IDP_PORT ?? 3290);

export const E2E = {
  port,
  baseURL: `http://127.0.0.1:${port}`,
  /** dropped and re-created before every run: must be local, and named for tests (see assertLocalDatabase) */
  databaseUrl: process.env.ROLLGATE_E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rollgate_e2e",
  // a fixed secret for a throwaway server; sessions need one of at least 32 characters
  authSecret: "rollgate-e2e-only-secret-not-for-production-use",
} as const;

/**
 * The test identity provider (e2e/idp-server.ts, started next to the server) and how the
 * server is configured for it: the sign-in button's name and the group maps the SSO journeys
 * rely on. The team keys are the demo's teams.
 */
export const E2E_IDP = {
  port: idpPort,
  issuer: `http://127.0.0.1:${idpPort}`,
  clientId: "rollgate-e2e",
  clientSecret: "rollgate-e2e-client-secret-not-for-production-use",
  redirectUri: `${E2E.baseURL}/api/auth/callback/oidc`,
  name: "Test IdP",
  roleMap: "ml-admins:admin,ml-leads:approver,sre:operator",
  teamMap: "risk-ml:payments-risk,support-ml:customer-support-ai",
} as const;

export const ROLES = ["viewer", "operator", "approver", "admin"] as const;
export type E2ERole = (typeof ROLES)[number];

/** The demo account the suite signs in with for each role (the demo data's first of that role). */
export function accountFor(role: E2ERole): { email: string; password: string; name: string } {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`the demo data has no ${role}`);
  return { email: user.email, name: user.name, password: DEMO_PASSWORD };
}

/** The storageState file auth.setup.ts writes for a role. */
export function authFile(role: E2ERole): string {
  return path.join(import.meta.dirname, ".auth", `${role}.json`);
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * The suite drops and re-creates its database. Refuse anything that is not a local server
 * and a database named for tests, so a stray DATABASE_URL can never point it at real data.
 */
export function assertLocalDatabase(url: string): URL {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ""));
  if (!LOCAL_HOSTS.has(u.hostname)) {
    throw new Error(`Refusing to run end-to-end tests against ${u.hostname}: the e2e database must be on this machine (127.0.0.1).`);
  }
  if (!/(^|_)(e2e|test)(_|$)/.test(name)) {
    throw new Error(`Refusing to drop database "${name}": the e2e database's name must contain "e2e" or "test" (e.g. rollgate_e2e).`);
  }
  return u;
}
