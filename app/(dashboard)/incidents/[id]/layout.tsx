import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { incidentExists } from "@/lib/database/exists";

// Decided before the page streams its loading state, so an unknown incident answers 404.
export default async function IncidentLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  if (!(await incidentExists(db(), (await params).id))) notFound();
  return children;
}
