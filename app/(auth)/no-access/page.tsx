import type { Metadata } from "next";
import Link from "next/link";
import { SSO_REFUSALS, type SsoRefusal } from "@/lib/auth/sso-id";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "No access" };
export const dynamic = "force-dynamic";

const isRefusal = (v: string | undefined): v is SsoRefusal => !!v && (SSO_REFUSALS as readonly string[]).includes(v);

// Where a sign-in through the identity provider ends when it is refused (lib/auth/sso-sync.ts).
// The reason is a code from a fixed list, so a crafted link cannot put words on this page.
function explanation(reason: SsoRefusal, provider: string): { title: string; body: string } {
  switch (reason) {
    case "no-role":
      return {
        title: "You don’t have access to Rollgate",
        body: `You signed in with ${provider}, but none of your groups there gives access to Rollgate. Ask your Rollgate admin to add you to a group that does, then sign in again.`,
      };
    case "disabled":
      return {
        title: "Your Rollgate account is disabled",
        body: `${provider} confirmed who you are, but an admin has disabled your Rollgate account. Ask your Rollgate admin to enable it.`,
      };
    case "no-email":
      return {
        title: "Rollgate could not tell who you are",
        body: `${provider} did not send an email address, which Rollgate needs for your account. Ask your Rollgate admin to have ${provider} include the email claim.`,
      };
    case "unverified-email":
      return {
        title: "Your email address is not verified",
        body: `A Rollgate account already uses your email address, and ${provider} says it is not verified, so Rollgate did not connect the two. Verify the address at ${provider}, or ask your Rollgate admin.`,
      };
    case "linked-elsewhere":
      return {
        title: "This account belongs to another sign-in",
        body: `The Rollgate account with your email address is connected to a different ${provider} identity. Ask your Rollgate admin to sort it out.`,
      };
  }
}

export default async function NoAccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).reason;
  const code = Array.isArray(raw) ? raw[0] : raw;
  const { oidc } = env();
  const { title, body } = explanation(isRefusal(code) ? code : "no-role", oidc?.name ?? "your identity provider");
  return (
    <>
      <p className="text-xs font-semibold tracking-wide text-red-700 uppercase">No access</p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">{body}</p>
      <div className="mt-6 flex flex-wrap gap-3">
        <Link
          href="/sign-in"
          className="inline-flex h-10 items-center justify-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
        >
          Back to sign-in
        </Link>
      </div>
    </>
  );
}
