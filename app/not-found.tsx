import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

export const metadata: Metadata = { title: "Page not found" };

// Unmatched URLs anywhere in the app. Inside the signed-in area, notFound() for an unknown
// model or version renders app/(dashboard)/not-found.tsx instead, within the navigation.
export default function NotFound() {
  return (
    <main>
      <StatusPage
        code="404"
        title="Page not found"
        actions={
          <ButtonLink href="/models" variant="primary">
            Go to Models
          </ButtonLink>
        }
      >
        There is nothing at this address. The link may be mistyped, or what it pointed at was renamed. Models lists everything in the
        registry.
      </StatusPage>
    </main>
  );
}
