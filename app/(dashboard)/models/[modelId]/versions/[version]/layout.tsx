import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { versionExists } from "@/lib/database/exists";

// Decided before the page streams its loading state, so an unknown version answers 404.
export default async function VersionLayout({
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
