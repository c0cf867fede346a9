import { PageSkeleton } from "@/components/ui/skeleton";

export default function ReleasesLoading() {
  return <PageSkeleton label="Loading releases…" rows={8} />;
}
