// The OpenID Connect provider next-auth signs people in with (README → Single sign-on). next-auth 4
// runs the code flow with openid-client 5, which verifies the ID token: its signature against
// the provider's published keys, its issuer, its audience (our client id), its expiry, and the
// nonce; PKCE and state are checked against the cookies set when the sign-in started. A
// failure of any of these ends on the sign-in page with ?error=OAuthCallback, and the reason
// goes to the server log (lib/auth/options.ts → logger).
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { OidcSettings } from "../env";
import { groupsFromClaims } from "./sso-mapping";
import { OIDC_PROVIDER_ID } from "./sso-id";
import type { SsoIdentity } from "./sso-sync";

type Claims = Record<string, unknown>;

export function oidcProvider(settings: OidcSettings): OAuthConfig<Claims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: settings.name,
    type: "oauth",
    wellKnown: `${settings.issuer}/.well-known/openid-configuration`,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    authorization: { params: { scope: settings.scopes } },
    // who signs in, and their groups, come from the verified ID token (no userinfo call)
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    profile(claims) {
      // next-auth needs an id here; the sign-in callback replaces it with the Rollgate account's
      return {
        id: String(claims.sub ?? ""),
        email: typeof claims.email === "string" ? claims.email : null,
        name: typeof claims.name === "string" ? claims.name : null,
      };
    },
  };
}

const withoutSlash = (url: string) => url.replace(/\/+$/, "");

/**
 * openid-client checks the ID token's issuer against the one the discovery document names; this
 * checks that one is the issuer Rollgate was configured with, so a discovery document (or a
 * proxy in front of it) cannot swap in another provider.
 */
export function issuerMismatch(claims: Claims, settings: OidcSettings): string | null {
  const iss = typeof claims.iss === "string" ? claims.iss : "";
  if (withoutSlash(iss) === withoutSlash(settings.issuer)) return null;
  return `the ID token's issuer is ${JSON.stringify(iss.slice(0, 200))}, not ROLLGATE_OIDC_ISSUER (${settings.issuer})`;
}

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v.trim() : null;
}

/** What the sign-in sync needs from the ID token's claims. */
export function identityFromClaims(claims: Claims, settings: OidcSettings): SsoIdentity {
  const verified = claims.email_verified;
  return {
    subject: String(claims.sub ?? ""),
    email: text(claims.email),
    // some providers send "true"/"false" as strings
    emailVerified: verified === true || verified === "true" ? true : verified === false || verified === "false" ? false : undefined,
    name:
      text(claims.name) ??
      text([text(claims.given_name), text(claims.family_name)].filter(Boolean).join(" ")) ??
      text(claims.preferred_username),
    groups: groupsFromClaims(claims, settings.groupsClaim),
  };
}
