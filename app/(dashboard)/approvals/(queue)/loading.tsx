import { PageSkeleton } from "@/components/ui/skeleton";

export default function ApprovalsLoading() {
  return <PageSkeleton label="Loading approvals…" rows={6} />;
}
