import { PageSkeleton } from "@/components/ui/skeleton";

export default function DriftLoading() {
  return <PageSkeleton label="Loading drift…" rows={6} />;
}
