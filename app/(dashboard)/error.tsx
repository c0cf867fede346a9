"use client";
import { useEffect } from "react";
import { DatabaseUnreachable, useDatabaseDown } from "@/components/layout/database-unreachable";
import { Button, ButtonLink } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

// An unexpected failure in a signed-in page. The server never sends the real message to the
// browser in production (only a digest), so the page shows the digest as a reference that
// matches the server log line, and offers a retry (transient database hiccups are the usual cause).
// Since the message is gone, it asks /api/health whether the database is down, and if so says
// that instead (and retries by itself once the database is back).
export default function DashboardError({
  error,
  retry,
}: {
  error: Error & { digest?: string };
  retry: () => void;
}) {
  const databaseDown = useDatabaseDown(error);
  useEffect(() => {
    console.error(error);
  }, [error]);

  if (databaseDown) return <DatabaseUnreachable onRecovered={retry} />;

  return (
    <StatusPage
      code="Error"
      title="Something went wrong"
      actions={
        <>
          <Button type="button" variant="primary" onClick={() => retry()}>
            Try again
          </Button>
          <ButtonLink href="/models">Go to Models</ButtonLink>
        </>
      }
    >
      <p>This page could not be loaded. Nothing was changed. Try again in a moment.</p>
      {error.digest && (
        <p className="mt-3 text-sm text-slate-500">
          If it keeps happening, give your administrator this reference:{" "}
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800">{error.digest}</code>
        </p>
      )}
    </StatusPage>
  );
}
