import { PageSkeleton } from "@/components/ui/skeleton";

export default function DiffLoading() {
  return <PageSkeleton label="Loading the comparison…" rows={6} />;
}
