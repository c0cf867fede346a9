import "server-only";
import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { db } from "../db";
import { env } from "../env";
import { signInWithPassword } from "./sign-in";

const SESSION_HOURS = 12;

export const authOptions: NextAuthOptions = {
  // Credentials sign-in requires JWT sessions; the role is re-read from the user row on every
  // request (lib/auth/session.ts), so a role change or a disabled account applies at once.
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const headers = (req?.headers ?? {}) as Record<string, string | undefined>;
        const result = await signInWithPassword(
          db(),
          {
            email: String(credentials?.email ?? ""),
            password: String(credentials?.password ?? ""),
            address: headers["x-rollgate-client-ip"] ?? "unknown",
          },
          env().login,
        );
        // next-auth hands a thrown message to the sign-in form as `error`
        if (!result.ok) throw new Error(result.message);
        return { id: result.user.id, email: result.user.email, name: result.user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user) (session.user as { id?: string }).id = token.sub;
      return session;
    },
  },
};
