import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { DatabaseUnreachable } from "@/components/layout/database-unreachable";
import { countUsers } from "@/lib/auth/users-service";
import { isDatabaseUnreachable } from "@/lib/database/unreachable";
import { db } from "@/lib/db";
import { SetupForm } from "./_components/setup-form";

export const metadata: Metadata = { title: "Create the first admin" };
export const dynamic = "force-dynamic";

// First run only: once any account exists, setup is closed and people sign in instead.
export default async function SetupPage() {
  const users = await countUsers(db()).catch((e: unknown) => {
    if (isDatabaseUnreachable(e)) return null;
    throw e;
  });
  if (users === null) return <DatabaseUnreachable />;
  if (users > 0) redirect("/sign-in");
  return (
    <>
      <p className="text-xs font-semibold tracking-wide text-brand-600 uppercase dark:text-brand-700">First-run setup</p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900">Create the first admin account</h1>
      <p className="mt-1 text-sm text-slate-600">
        This account manages users, roles and API tokens. You can add everyone else from Settings → Users afterwards.
      </p>
      <SetupForm />
    </>
  );
}
