"use client";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { signOutEverywhereAction } from "@/lib/auth/actions";

// Signing out ends every session of this user, on every device (the session generation moves
// on, lib/auth/session.ts). "Everywhere" says so explicitly, e.g. after using a shared machine
// or losing a laptop, and still works when the sign-out request itself would not reach us.
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const everywhere = async () => {
    setPending(true);
    try {
      await signOutEverywhereAction({});
    } finally {
      await signOut({ callbackUrl: "/sign-in" });
    }
  };
  return (
    <div className="flex items-center gap-3 md:gap-2">
      <button
        type="button"
        onClick={() => void signOut({ callbackUrl: "/sign-in" })}
        className="h-9 rounded-md border border-slate-300 px-3 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 md:h-7 md:px-2.5 md:text-xs"
      >
        Sign out
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={() => void everywhere()}
        title="End every session of your account, on every device"
        className="h-9 rounded-md text-sm text-slate-500 underline-offset-2 hover:text-slate-700 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-50 md:h-7 md:text-xs"
      >
        Sign out everywhere
      </button>
    </div>
  );
}
