"use client";
import { useEffect } from "react";
import { DatabaseUnreachable, useDatabaseDown } from "@/components/layout/database-unreachable";
import { Button } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

// A failure of the sign-in or setup page. Both read the database first (is there an account
// yet?), so an outage lands here: say the database is unreachable, and come back by itself once
// it answers, instead of the root error page.
export default function AuthError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  const databaseDown = useDatabaseDown(error);
  useEffect(() => {
    console.error(error);
  }, [error]);

  if (databaseDown) return <DatabaseUnreachable onRecovered={retry} />;
  return (
    <StatusPage
      code="Error"
      title="This page could not be loaded"
      actions={
        <Button type="button" variant="primary" onClick={() => retry()}>
          Try again
        </Button>
      }
    >
      <p>Something failed on the server. Try again in a moment.</p>
      {error.digest && (
        <p className="mt-3 text-sm text-slate-500">
          Reference for your administrator:{" "}
          <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-slate-800">{error.digest}</code>
        </p>
      )}
    </StatusPage>
  );
}
