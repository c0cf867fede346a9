import type { Tx } from "../database/types";

// Every change to a routing pointer (Release row, tenant pin) announces itself with
// pg_notify inside the same transaction: PostgreSQL delivers it only if and after the
// transaction commits, to every listening app instance and relay. PGlite delivers it the
// same way to listeners in this process, so one code path serves both.
export const ROUTES_CHANNEL = "rollgate_routes";

export type RoutesChanged = { model: string; epoch: number };

export async function notifyRoutesChanged(tx: Tx, change: RoutesChanged): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_notify($1, $2)`, ROUTES_CHANNEL, JSON.stringify(change));
}

export function parseRoutesChanged(payload: string | undefined): RoutesChanged | null {
  if (!payload) return null;
  try {
    const v = JSON.parse(payload) as Partial<RoutesChanged>;
    return typeof v.model === "string" && typeof v.epoch === "number" ? { model: v.model, epoch: v.epoch } : null;
  } catch {
    return null;
  }
}
