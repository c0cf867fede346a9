import { PageSkeleton } from "@/components/ui/skeleton";

export default function ModelSettingsLoading() {
  return <PageSkeleton label="Loading the model's settings…" rows={10} />;
}
