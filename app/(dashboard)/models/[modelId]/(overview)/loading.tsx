import { PageSkeleton } from "@/components/ui/skeleton";

export default function ModelLoading() {
  return <PageSkeleton label="Loading model…" rows={8} />;
}
