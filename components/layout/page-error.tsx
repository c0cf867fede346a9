"use client";
import { useEffect, type ReactNode } from "react";
import { DatabaseUnreachable, useDatabaseDown } from "@/components/layout/database-unreachable";
import { Button } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

/** The digest the server logged with the error: the one thing a user can pass on, since production never sends the message. */
export function ErrorReference({ digest, lead = "Reference for your administrator:" }: { digest?: string; lead?: string }) {
  if (!digest) return null;
  return (
    <p className="mt-3 text-sm text-slate-500">
      {lead} <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800">{digest}</code>
    </p>
  );
}

/**
 * A route segment's error boundary. The message is gone in production, so it asks /api/health
 * whether the database is down and, if so, says that and retries by itself once it is back.
 */
export function PageError({
  error,
  retry,
  title,
  children,
  referenceLead,
  extraActions,
}: {
  error: Error & { digest?: string };
  retry: () => void;
  title: string;
  children: ReactNode;
  referenceLead?: string;
  extraActions?: ReactNode;
}) {
  const databaseDown = useDatabaseDown(error);
  useEffect(() => {
    console.error(error);
  }, [error]);

  if (databaseDown) return <DatabaseUnreachable onRecovered={retry} />;
  return (
    <StatusPage
      code="Error"
      title={title}
      actions={
        <>
          <Button type="button" variant="primary" onClick={() => retry()}>
            Try again
          </Button>
          {extraActions}
        </>
      }
    >
      {children}
      <ErrorReference digest={error.digest} lead={referenceLead} />
    </StatusPage>
  );
}
