import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DatabaseUnreachable } from "@/components/layout/database-unreachable";
import { FormError } from "@/components/ui/field";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { countUsers } from "@/lib/auth/users-service";
import { isDatabaseUnreachable } from "@/lib/database/unreachable";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { SsoButton } from "../_components/sso-button";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// next-auth sends its own error codes here (pages.error); free text in the URL is never shown,
// so a crafted link cannot put words on this page. The reason behind a refused answer from the
// provider (issuer, signature, audience, state) is in the server log, never here.
function errorMessage(code: string, provider: string): string {
  const messages: Record<string, string> = {
    CredentialsSignin: "That email and password do not match an account.",
    SessionRequired: "Sign in to see that page.",
    Configuration: "Sign-in is misconfigured on the server; check its log.",
    OAuthSignin: `Rollgate could not start sign-in with ${provider}: the identity provider could not be reached or did not answer as expected. Try again in a moment; if it keeps failing, an admin can find the reason in the server log.`,
    OAuthCallback: `Sign-in with ${provider} was refused: the identity provider's answer could not be verified, or this sign-in link was already used or has expired. Start again with the button below; if it keeps failing, an admin can find the reason in the server log.`,
    Callback: `Sign-in with ${provider} did not complete. If you cancelled it at ${provider}, start again; otherwise an admin can find the reason in the server log.`,
    AccessDenied: `${provider} did not let you sign in to Rollgate. Ask your admin for access.`,
    OAuthAccountNotLinked: `Sign-in with ${provider} did not complete; an admin can find the reason in the server log.`,
    OAuthCreateAccount: `Sign-in with ${provider} did not complete; an admin can find the reason in the server log.`,
  };
  return messages[code] ?? "Sign-in failed; try again.";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const { publicUrl, oidc, passwordSignIn } = env();
  const callbackUrl = safeCallbackUrl(one(params.callbackUrl), publicUrl);
  // the first database read of a signed-out visitor: an outage is said here, not as an error page
  const users = await countUsers(db()).catch((e: unknown) => {
    if (isDatabaseUnreachable(e)) return null;
    throw e;
  });
  if (users === null) return <DatabaseUnreachable />;
  // without password sign-in the first admin comes from the identity provider, through this page
  if (users === 0 && passwordSignIn) redirect("/setup");
  if (await getSessionUser()) redirect(callbackUrl);
  const code = one(params.error);
  const error = code ? errorMessage(code, oidc?.name ?? "single sign-on") : null;
  const intro =
    oidc && passwordSignIn
      ? `Use your ${oidc.name} account, or the email and password an admin gave you.`
      : oidc
        ? `Use your ${oidc.name} account.`
        : "Use the email and password an admin gave you.";
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Sign in to Rollgate</h1>
      <p className="mt-1 text-sm text-slate-600">{intro}</p>
      {oidc && (
        <div className="mt-6 space-y-3">
          {/* with the password form on the page, its own alert carries a refused password */}
          {(!passwordSignIn || code !== "CredentialsSignin") && <FormError title="Sign-in failed" message={error} />}
          <SsoButton name={oidc.name} callbackUrl={callbackUrl} />
        </div>
      )}
      {oidc && passwordSignIn && (
        <div className="mt-6 flex items-center gap-3 text-xs text-slate-500" aria-hidden>
          <span className="h-px flex-1 bg-slate-200" />
          or with a password
          <span className="h-px flex-1 bg-slate-200" />
        </div>
      )}
      {passwordSignIn && (
        <SignInForm
          callbackUrl={callbackUrl}
          initialError={oidc ? (code === "CredentialsSignin" ? error : null) : error}
          compact={!!oidc}
        />
      )}
    </>
  );
}
