import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { modelExists } from "@/lib/database/exists";

// Decided before any of the model's pages streams its loading state, so an unknown model answers 404.
export default async function ModelLayout({ children, params }: { children: React.ReactNode; params: Promise<{ modelId: string }> }) {
  if (!(await modelExists(db(), (await params).modelId))) notFound();
  return children;
}
