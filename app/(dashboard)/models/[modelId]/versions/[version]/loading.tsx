import { PageSkeleton } from "@/components/ui/skeleton";

export default function VersionLoading() {
  return <PageSkeleton label="Loading version…" rows={10} />;
}
