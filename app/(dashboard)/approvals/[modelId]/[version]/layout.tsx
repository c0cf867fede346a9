import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { versionExists } from "@/lib/database/exists";

// Decided before the review streams its loading state, so an unknown model or version answers 404.
export default async function ReviewLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ modelId: string; version: string }>;
}) {
  const { modelId, version } = await params;
  if (!(await versionExists(db(), modelId, version))) notFound();
  return children;
}
