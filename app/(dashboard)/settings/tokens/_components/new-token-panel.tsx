"use client";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/** The new secret, shown once: the server keeps only its hash, so it cannot be shown again. */
export function NewTokenPanel({ name, scopes, secret, onDone }: { name: string; scopes: string[]; secret: string; onDone: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [secret]);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby="new-token-heading"
      className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 focus:outline-none"
    >
      <h3 id="new-token-heading" className="text-sm font-semibold text-emerald-900">
        Token “{name}” created ({scopes.join(", ")})
      </h3>
      <p className="mt-1 text-sm text-emerald-900">
        <strong>This token is shown only once.</strong> Copy it now and store it where its client reads secrets; Rollgate keeps only a hash
        and cannot show it again.
      </p>
      <div className="mt-3 flex items-center gap-2 rounded-md border border-emerald-200 bg-white px-3 py-2">
        <code data-testid="new-token-secret" className="min-w-0 flex-1 font-mono text-sm break-all text-slate-900 select-all">
          {secret}
        </code>
        <CopyButton text={secret} label="Copy token" />
      </div>
      <div className="mt-3 flex justify-end">
        <Button size="sm" type="button" onClick={onDone}>
          I have stored it
        </Button>
      </div>
    </section>
  );
}
