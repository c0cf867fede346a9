import { PageSkeleton } from "@/components/ui/skeleton";

export default function ReleaseLoading() {
  return <PageSkeleton label="Loading release…" rows={6} />;
}
