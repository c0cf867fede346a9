import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DatabaseUnreachable } from "@/components/layout/database-unreachable";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { countUsers } from "@/lib/auth/users-service";
import { isDatabaseUnreachable } from "@/lib/database/unreachable";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// next-auth sends its own error codes here (pages.error); free text in the URL is never shown,
// so a crafted link cannot put words on this page.
const NEXT_AUTH_ERRORS: Record<string, string> = {
  CredentialsSignin: "That email and password do not match an account.",
  SessionRequired: "Sign in to see that page.",
  Configuration: "Sign-in is misconfigured on the server; check its log.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const callbackUrl = safeCallbackUrl(one(params.callbackUrl), env().publicUrl);
  // the first database read of a signed-out visitor: an outage is said here, not as an error page
  const users = await countUsers(db()).catch((e: unknown) => {
    if (isDatabaseUnreachable(e)) return null;
    throw e;
  });
  if (users === null) return <DatabaseUnreachable />;
  if (users === 0) redirect("/setup");
  if (await getSessionUser()) redirect(callbackUrl);
  const code = one(params.error);
  const initialError = code ? (NEXT_AUTH_ERRORS[code] ?? "Sign-in failed; try again.") : null;
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Sign in to Rollgate</h1>
      <p className="mt-1 text-sm text-slate-600">Use the email and password an admin gave you.</p>
      <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
    </>
  );
}
