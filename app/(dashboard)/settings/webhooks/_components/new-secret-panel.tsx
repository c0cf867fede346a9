"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/** A new signing secret, shown once: no page shows it again (rotate to get a new one). */
export function NewSecretPanel({
  title,
  secret,
  href,
  onDone,
}: {
  title: string;
  secret: string;
  /** the webhook's page, when shown somewhere else */
  href?: string;
  onDone: () => void;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [secret]);
  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby="new-secret-heading"
      className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 focus:outline-none"
    >
      <h3 id="new-secret-heading" className="text-sm font-semibold text-emerald-900">
        {title}
      </h3>
      <p className="mt-1 text-sm text-emerald-900">
        <strong>This signing secret is shown only once.</strong> Give it to the receiver so it can check the{" "}
        <code className="font-mono text-[13px]">X-Rollgate-Signature</code> header. If it is lost, rotate the secret on the webhook&apos;s
        page.
      </p>
      <div className="mt-3 flex items-center gap-2 rounded-md border border-emerald-200 bg-white px-3 py-2">
        <code data-testid="new-webhook-secret" className="min-w-0 flex-1 font-mono text-sm break-all text-slate-900 select-all">
          {secret}
        </code>
        <CopyButton text={secret} label="Copy signing secret" />
      </div>
      <div className="mt-3 flex items-center justify-end gap-3">
        {href && (
          <Link href={href} className="text-sm font-medium text-emerald-900 underline hover:no-underline">
            Open the webhook
          </Link>
        )}
        <Button size="sm" type="button" onClick={onDone}>
          I have stored it
        </Button>
      </div>
    </section>
  );
}
