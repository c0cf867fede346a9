// Client-safe names for single sign-on, shared by the sign-in sync, the pages and their buttons.

/** next-auth's id for the provider: the callback path (/api/auth/callback/oidc) and Account.provider. */
export const OIDC_PROVIDER_ID = "oidc";

/** A disabled account with this marker was disabled by a sign-in whose groups granted no role. */
export const DISABLED_BY_SSO = "sso";

/** Why a sign-in through the provider was refused; the no-access page says each in words. */
export const SSO_REFUSALS = ["no-role", "disabled", "no-email", "unverified-email", "linked-elsewhere"] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];
