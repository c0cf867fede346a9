import { notFound } from "next/navigation";
import { db } from "@/lib/db";
import { webhookExists } from "@/lib/database/exists";

// Decided before the page streams its loading state, so an unknown webhook answers 404.
export default async function WebhookLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  if (!(await webhookExists(db(), (await params).id))) notFound();
  return children;
}
