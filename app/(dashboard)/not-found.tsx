import { ButtonLink } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";

// notFound() from a signed-in page (an unknown model, version, incident or webhook): shown
// inside the app shell so the navigation stays at hand.
export default function DashboardNotFound() {
  return (
    <StatusPage
      code="404"
      title="Not found"
      actions={
        <ButtonLink href="/models" variant="primary">
          Go to Models
        </ButtonLink>
      }
    >
      Nothing matches this address: no model, version, incident or webhook has that key or id. Model keys and version ids are exact (e.g.{" "}
      <span className="font-mono text-sm">fraud-scorer</span> and <span className="font-mono text-sm">2026-01-15.2</span>); check the
      spelling, or find it in the models list.
    </StatusPage>
  );
}
