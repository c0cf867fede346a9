/**
 * Whether the thing a page's address names exists, read before the page streams: a page whose
 * loading state has been sent can no longer answer 404, so the route's layout asks these first
 * (app/(dashboard)/…/layout.tsx) and the page renders only for something real.
 */
import "server-only";
import type { Tx } from "./types";

export async function modelExists(db: Tx, key: string): Promise<boolean> {
  return (await db.model.count({ where: { key } })) > 0;
}

export async function versionExists(db: Tx, key: string, version: string): Promise<boolean> {
  return (await db.modelVersion.count({ where: { version, model: { key } } })) > 0;
}

export async function incidentExists(db: Tx, id: string): Promise<boolean> {
  return (await db.incident.count({ where: { id } })) > 0;
}

export async function webhookExists(db: Tx, id: string): Promise<boolean> {
  return (await db.webhook.count({ where: { id } })) > 0;
}
