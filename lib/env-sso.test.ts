import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";

const OIDC = {
  ROLLGATE_OIDC_ISSUER: "https://login.acme.com/realms/acme/",
  ROLLGATE_OIDC_CLIENT_ID: "rollgate",
  ROLLGATE_OIDC_CLIENT_SECRET: "client-secret",
  ROLLGATE_OIDC_ROLE_MAP: "ml-admins:admin,ml-leads:approver",
};

describe("single sign-on settings", () => {
  it("are off unless the issuer is set; password sign-in is on by default", () => {
    expect(loadEnv({})).toMatchObject({ oidc: null, passwordSignIn: true });
  });

  it("read the provider with its defaults", () => {
    const { oidc, passwordSignIn } = loadEnv(OIDC);
    expect(passwordSignIn).toBe(true);
    expect(oidc).toMatchObject({
      issuer: "https://login.acme.com/realms/acme",
      clientId: "rollgate",
      clientSecret: "client-secret",
      scopes: "openid email profile",
      name: "SSO",
      groupsClaim: "groups",
    });
    expect([...oidc!.roleMap]).toEqual([
      ["ml-admins", "admin"],
      ["ml-leads", "approver"],
    ]);
    expect(oidc!.teamMap.size).toBe(0);
  });

  it("read the optional settings", () => {
    const { oidc, passwordSignIn } = loadEnv({
      ...OIDC,
      ROLLGATE_OIDC_SCOPES: "openid, email profile groups openid",
      ROLLGATE_OIDC_NAME: "Okta",
      ROLLGATE_OIDC_GROUPS_CLAIM: "realm_access.roles",
      ROLLGATE_OIDC_TEAM_MAP: "risk-ml:payments-risk",
      ROLLGATE_PASSWORD_SIGNIN: "off",
    });
    expect(passwordSignIn).toBe(false);
    expect(oidc).toMatchObject({ scopes: "openid email profile groups", name: "Okta", groupsClaim: "realm_access.roles" });
    expect([...oidc!.teamMap]).toEqual([["risk-ml", ["payments-risk"]]]);
  });

  it("refuse a partial configuration, naming each missing variable", () => {
    expect(() => loadEnv({ ROLLGATE_OIDC_ISSUER: OIDC.ROLLGATE_OIDC_ISSUER })).toThrow(
      /ROLLGATE_OIDC_CLIENT_ID: is required with ROLLGATE_OIDC_ISSUER[\s\S]*ROLLGATE_OIDC_CLIENT_SECRET: is required[\s\S]*ROLLGATE_OIDC_ROLE_MAP: is required/,
    );
    const { ROLLGATE_OIDC_CLIENT_SECRET: _secret, ...noSecret } = OIDC;
    expect(() => loadEnv(noSecret)).toThrow(/ROLLGATE_OIDC_CLIENT_SECRET: is required with ROLLGATE_OIDC_ISSUER/);
    expect(() => loadEnv({ ROLLGATE_OIDC_CLIENT_ID: "rollgate", ROLLGATE_OIDC_NAME: "Okta" })).toThrow(
      /ROLLGATE_OIDC_CLIENT_ID: is set, but ROLLGATE_OIDC_ISSUER is not[\s\S]*ROLLGATE_OIDC_NAME: is set, but ROLLGATE_OIDC_ISSUER is not/,
    );
  });

  it("refuse a malformed map, naming the variable and the entry", () => {
    expect(() => loadEnv({ ...OIDC, ROLLGATE_OIDC_ROLE_MAP: "ml-admins:root" })).toThrow(
      /ROLLGATE_OIDC_ROLE_MAP: "ml-admins:root": root is not a role/,
    );
    expect(() => loadEnv({ ...OIDC, ROLLGATE_OIDC_TEAM_MAP: "risk-ml" })).toThrow(
      /ROLLGATE_OIDC_TEAM_MAP: "risk-ml" is not group:team-key/,
    );
  });

  it("refuse an issuer that is not https (but for a provider on this machine), and scopes without openid", () => {
    expect(() => loadEnv({ ...OIDC, ROLLGATE_OIDC_ISSUER: "http://login.acme.com" })).toThrow(
      /ROLLGATE_OIDC_ISSUER: must be an https:\/\/ URL/,
    );
    expect(loadEnv({ ...OIDC, ROLLGATE_OIDC_ISSUER: "http://127.0.0.1:8080/realms/dev" }).oidc?.issuer).toBe(
      "http://127.0.0.1:8080/realms/dev",
    );
    expect(() => loadEnv({ ...OIDC, ROLLGATE_OIDC_ISSUER: "login.acme.com" })).toThrow(/ROLLGATE_OIDC_ISSUER: is not a URL/);
    expect(() => loadEnv({ ...OIDC, ROLLGATE_OIDC_SCOPES: "email profile" })).toThrow(/ROLLGATE_OIDC_SCOPES: must include "openid"/);
  });

  it("refuse turning password sign-in off without a provider, and a value that is not on or off", () => {
    expect(() => loadEnv({ ROLLGATE_PASSWORD_SIGNIN: "off" })).toThrow(
      /ROLLGATE_PASSWORD_SIGNIN: is off, but no identity provider is configured/,
    );
    expect(() => loadEnv({ ...OIDC, ROLLGATE_PASSWORD_SIGNIN: "maybe" })).toThrow(/ROLLGATE_PASSWORD_SIGNIN: must be on or off/);
    expect(loadEnv({ ROLLGATE_PASSWORD_SIGNIN: "on" }).passwordSignIn).toBe(true);
  });
});
