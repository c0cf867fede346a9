import { PageSkeleton } from "@/components/ui/skeleton";

export default function IncidentLoading() {
  return <PageSkeleton label="Loading incident…" rows={6} />;
}
