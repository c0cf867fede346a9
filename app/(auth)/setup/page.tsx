import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DatabaseUnreachable } from "@/components/layout/database-unreachable";
import { countUsers } from "@/lib/auth/users-service";
import { isDatabaseUnreachable } from "@/lib/database/unreachable";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { SsoButton } from "../_components/sso-button";
import { SetupForm } from "./_components/setup-form";

export const metadata: Metadata = { title: "Create the first admin" };
export const dynamic = "force-dynamic";

const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800";

// First run only: once any account exists, setup is closed and people sign in instead.
export default async function SetupPage() {
  const users = await countUsers(db()).catch((e: unknown) => {
    if (isDatabaseUnreachable(e)) return null;
    throw e;
  });
  if (users === null) return <DatabaseUnreachable />;
  if (users > 0) redirect("/sign-in");
  const { oidc, passwordSignIn } = env();
  if (!passwordSignIn && oidc) {
    // no password account can be made: the identity provider's groups make the first admin
    return (
      <>
        <p className="text-xs font-semibold tracking-wide text-brand-600 uppercase dark:text-brand-700">First-run setup</p>
        <h1 className="mt-1 text-xl font-semibold text-slate-900">The first admin signs in with {oidc.name}</h1>
        <p className="mt-2 text-sm text-slate-600">
          Password sign-in is off (<code className={code}>ROLLGATE_PASSWORD_SIGNIN=off</code>), so there is no account to create here.
          Whoever signs in with {oidc.name} in a group that <code className={code}>ROLLGATE_OIDC_ROLE_MAP</code> maps to <b>admin</b>{" "}
          becomes the first admin; everyone else gets the role their groups map to.
        </p>
        <div className="mt-6">
          <SsoButton name={oidc.name} callbackUrl="/" />
        </div>
      </>
    );
  }
  return (
    <>
      <p className="text-xs font-semibold tracking-wide text-brand-600 uppercase dark:text-brand-700">First-run setup</p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900">Create the first admin account</h1>
      <p className="mt-1 text-sm text-slate-600">
        This account manages users, roles and API tokens. You can add everyone else from Settings → Users afterwards.
      </p>
      <SetupForm />
      {oidc && (
        <div className="mt-6 space-y-3 border-t border-slate-200 pt-4">
          <p className="text-xs text-slate-500">
            Or sign in with {oidc.name}: someone in a group that <code className={code}>ROLLGATE_OIDC_ROLE_MAP</code> maps to admin becomes
            the first admin.
          </p>
          <SsoButton name={oidc.name} callbackUrl="/" />
        </div>
      )}
    </>
  );
}
