import "server-only";
import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "../db";
import { env } from "../env";
import { DEFAULT_AFTER_SIGN_IN, sameOriginPath } from "./callback-url";
import { signInWithPassword, SIGN_IN_FAILED } from "./sign-in";
import { endAllSessions } from "./users-service";

const SESSION_HOURS = 12;

/** What a session carries besides next-auth's own fields. */
export type SessionClaims = { id?: string; gen?: number };

export const authOptions: NextAuthOptions = {
  // Credentials sign-in requires JWT sessions. Each request re-reads the user row
  // (lib/auth/session.ts): the role, the disabled flag and the session generation stored in
  // the token at sign-in, so sign-out, a password reset, a role change or disabling ends
  // every session issued before, even one whose cookie was copied.
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
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
            env().login,
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
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.gen = (user as { gen?: number }).gen;
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
