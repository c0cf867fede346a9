import { PageSkeleton } from "@/components/ui/skeleton";

export default function ApprovalLoading() {
  return <PageSkeleton label="Loading the review…" rows={10} />;
}
