import type { Tx } from "../database/types";

// Every change to a routing pointer (Release row, tenant pin) announces itself with
// pg_notify inside the same transaction: PostgreSQL delivers it only if and after the
// transaction commits, to every listening app instance and relay. PGlite delivers it the
// same way to listeners in this process, so one code path serves both.
export const ROUTES_CHANNEL = "rollgate_routes";

/** `at`: the database's clock (epoch ms) when the change announced itself, for the NOTIFY lag metric. */
export type RoutesChanged = { model: string; epoch: number; at?: number };

export async function notifyRoutesChanged(tx: Tx, change: { model: string; epoch: number }): Promise<void> {
  // the database's clock, not this process's: a relay on another machine compares with its own
  await tx.$executeRawUnsafe(
    `SELECT pg_notify($1, json_build_object('model', $2::text, 'epoch', $3::bigint, 'at', floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint)::text)`,
    ROUTES_CHANNEL,
    change.model,
    change.epoch,
  );
}

export function parseRoutesChanged(payload: string | undefined): RoutesChanged | null {
  if (!payload) return null;
  try {
    const v = JSON.parse(payload) as Partial<RoutesChanged>;
    if (typeof v.model !== "string" || typeof v.epoch !== "number") return null;
    return typeof v.at === "number" && Number.isFinite(v.at)
      ? { model: v.model, epoch: v.epoch, at: v.at }
      : { model: v.model, epoch: v.epoch };
  } catch {
    return null;
  }
}
