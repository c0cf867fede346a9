import "server-only";
import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "../db";
import { env, type Env } from "../env";
import { DEFAULT_AFTER_SIGN_IN, sameOriginPath } from "./callback-url";
import { signInWithPassword, SIGN_IN_FAILED } from "./sign-in";
import { identityFromClaims, issuerMismatch, oidcProvider } from "./sso-provider";
import { OIDC_PROVIDER_ID } from "./sso-id";
import { signInWithSso } from "./sso-sync";
import { endAllSessions } from "./users-service";

const SESSION_HOURS = 12;

/** What a session carries besides next-auth's own fields. */
export type SessionClaims = { id?: string; gen?: number };

type AuthSettings = Pick<Env, "login" | "oidc" | "passwordSignIn" | "publicUrl">;

/** The account a sign-in ends with: next-auth hands the same object to the jwt callback. */
type SignedInUser = { id: string; email?: string | null; name?: string | null; gen?: number };

function passwordProvider(settings: AuthSettings) {
  return Credentials({
    name: "Email and password",
    credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
    async authorize(credentials, req) {
      const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
      let result;
      try {
        result = await signInWithPassword(
          db(),
          {
            email: String(credentials?.email ?? ""),
            password: String(credentials?.password ?? ""),
            address: headers["x-rollgate-client-ip"] ?? "unknown",
          },
          settings.login,
        );
      } catch (e) {
        // next-auth shows a thrown message on the form: never an internal one
        console.error("sign-in failed", e);
        throw new Error("Sign-in failed on our side; it has been logged. Try again in a moment.");
      }
      // next-auth hands a thrown message to the sign-in form as `error`
      if (!result.ok) throw new Error(result.message || SIGN_IN_FAILED);
      return { id: result.user.id, email: result.user.email, name: result.user.name, gen: result.user.sessionGeneration };
    },
  });
}

// next-auth's logger: the reason behind "?error=OAuthCallback" (unexpected iss, a signature or
// audience that does not verify, a missing state cookie) is for the server log, never the page.
function describe(metadata: unknown): string {
  const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
  const provider = (metadata as { providerId?: unknown } | undefined)?.providerId;
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  const detail = (metadata as { error_description?: unknown } | undefined)?.error_description;
  return [provider ? `provider ${String(provider)}` : "", message, typeof detail === "string" ? `(${detail})` : ""]
    .filter(Boolean)
    .join(": ");
}

/** next-auth's configuration for these settings: which sign-ins exist, and what each one does. */
export function buildAuthOptions(settings: AuthSettings): NextAuthOptions {
  const oidc = settings.oidc;
  const signInPage = (error: string) => `${settings.publicUrl}/sign-in?error=${error}`;
  return {
    // JWT sessions: each request re-reads the user row (lib/auth/session.ts): the role, the
    // disabled flag and the session generation stored in the token at sign-in, so sign-out, a
    // password reset, a role change (an admin's, or the groups' at a sign-in) or disabling ends
    // every session issued before, even one whose cookie was copied.
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // With password sign-in off the credentials provider does not exist: a hand-made POST to
    // its callback is refused like an unknown provider.
    providers: [...(settings.passwordSignIn ? [passwordProvider(settings)] : []), ...(oidc ? [oidcProvider(oidc)] : [])],
    logger: {
      error(code, metadata) {
        console.error(`[auth] ${code}${describe(metadata) ? `: ${describe(metadata)}` : ""}`);
      },
      warn(code) {
        console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        if (!oidc || !profile) return signInPage("OAuthCallback");
        const claims = profile as Record<string, unknown>;
        const mismatch = issuerMismatch(claims, oidc);
        if (mismatch) {
          console.error(`[auth] OIDC_ISSUER_MISMATCH: ${mismatch}`);
          return signInPage("OAuthCallback");
        }
        try {
          const result = await signInWithSso(
            db(),
            { id: OIDC_PROVIDER_ID, name: oidc.name, roleMap: oidc.roleMap, teamMap: oidc.teamMap },
            identityFromClaims(claims, oidc),
          );
          if (!result.ok) return `${settings.publicUrl}/no-access?reason=${result.reason}`;
          // from here on the session is the Rollgate account's, not the provider's subject
          Object.assign(user as SignedInUser, {
            id: result.user.id,
            email: result.user.email,
            name: result.user.name,
            gen: result.user.sessionGeneration,
          });
          return true;
        } catch (e) {
          console.error("[auth] single sign-on failed", e);
          return signInPage("Callback");
        }
      },
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.gen = (user as SignedInUser).gen;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) {
          const claims = session.user as SessionClaims;
          claims.id = token.sub;
          claims.gen = typeof token.gen === "number" ? token.gen : undefined;
        }
        return session;
      },
      // every redirect next-auth makes (after sign-in and sign-out) stays on this site
      redirect({ url, baseUrl }) {
        return `${baseUrl}${sameOriginPath(url, baseUrl) ?? DEFAULT_AFTER_SIGN_IN}`;
      },
    },
    events: {
      // A signed-out cookie must not keep working if someone copied it: end every session of
      // this user (lib/auth/session.ts compares the generation on each request).
      async signOut({ token }) {
        if (token?.sub && typeof token.gen === "number") await endAllSessions(db(), token.sub, token.gen, "signed out");
      },
    },
  };
}

let built: NextAuthOptions | undefined;
/** The process's configuration, built from lib/env.ts on first use. */
export function authOptions(): NextAuthOptions {
  built ??= buildAuthOptions(env());
  return built;
}
