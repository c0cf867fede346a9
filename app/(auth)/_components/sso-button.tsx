"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { FormError } from "@/components/ui/field";
import { OIDC_PROVIDER_ID } from "@/lib/auth/sso-id";

// Starts the code flow: next-auth sets the state, PKCE and nonce cookies and sends the browser
// to the provider. A script navigation, not a form post: the pages' CSP (form-action 'self')
// would stop a form whose answer redirects to the provider.
export function SsoButton({ name, callbackUrl }: { name: string; callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setPending(true);
    setError(null);
    try {
      await signIn(OIDC_PROVIDER_ID, { callbackUrl });
    } catch {
      setError("Rollgate could not be reached. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <div className="space-y-3">
      <FormError title="Sign-in failed" message={error} />
      <button
        type="button"
        onClick={start}
        disabled={pending}
        className="inline-flex h-10 w-full items-center justify-center gap-2 rounded-md bg-brand-600 px-4 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60 dark:hover:bg-brand-500"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <path
            fillRule="evenodd"
            d="M10 1a4.5 4.5 0 0 0-4.5 4.5V8H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 7V5.5a3 3 0 1 0-6 0V8h6Z"
            clipRule="evenodd"
          />
        </svg>
        {pending ? `Opening ${name}…` : `Sign in with ${name}`}
      </button>
    </div>
  );
}
