import { PageSkeleton } from "@/components/ui/skeleton";

export default function IncidentsLoading() {
  return <PageSkeleton label="Loading incidents…" rows={6} />;
}
