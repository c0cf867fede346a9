// The specs' side of the test identity provider's control endpoint (tests/support/idp.ts):
// people are added, and their groups or tamper mode changed, between sign-ins.
import { randomBytes } from "node:crypto";
import type { IdpUser } from "../tests/support/idp";
import { E2E_IDP } from "./env";

export type { IdpUser, Tamper } from "../tests/support/idp";

/** Adds or replaces a person at the provider (matched by login). */
export async function putIdpUser(user: IdpUser): Promise<IdpUser> {
  const res = await fetch(`${E2E_IDP.issuer}/_control/users/${encodeURIComponent(user.login)}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user),
  });
  if (res.status !== 204) throw new Error(`the test identity provider refused ${user.login}: ${res.status} ${await res.text()}`);
  return user;
}

/** A person no other test uses, in these groups. */
export function idpPerson(groups: string[], extra: Partial<IdpUser> = {}): IdpUser {
  const login = `e2e-${randomBytes(4).toString("hex")}`;
  return { login, password: `${login}-password`, email: `${login}@sso.test`, name: `Pat ${login.slice(-4)}`, groups, ...extra };
}
