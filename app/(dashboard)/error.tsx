"use client";
import { PageError } from "@/components/layout/page-error";
import { ButtonLink } from "@/components/ui/button";

// An unexpected failure in a signed-in page (transient database hiccups are the usual cause).
// The digest shown matches the server's log line.
export default function DashboardError(props: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <PageError
      {...props}
      title="Something went wrong"
      referenceLead="If it keeps happening, give your administrator this reference:"
      extraActions={<ButtonLink href="/models">Go to Models</ButtonLink>}
    >
      <p>This page could not be loaded. Nothing was changed. Try again in a moment.</p>
    </PageError>
  );
}
