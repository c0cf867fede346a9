"use client";
import { PageError } from "@/components/layout/page-error";

// A failure of the sign-in or setup page. Both read the database first (is there an account
// yet?), so an outage lands here and is named as such instead of the root error page.
export default function AuthError(props: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <PageError {...props} title="This page could not be loaded">
      <p>Something failed on the server. Try again in a moment.</p>
    </PageError>
  );
}
