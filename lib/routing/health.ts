// The data plane's state for /api/health: server.ts publishes the running data plane here (on
// globalThis, because Next.js loads route handlers in module instances of their own).
import type { DataPlane } from "./data-plane";

export type DataPlaneHealth = {
  /** "stale": the tables are served from memory but may be out of date (the database is unreachable) */
  status: "ok" | "stale";
  models: number;
  streams: number;
  /** whether changes are arriving (LISTEN) */
  listening: boolean;
  /** seconds since the tables were last known current; null while in sync */
  staleSeconds: number | null;
  lastFullSyncAt: string | null;
};

const g = globalThis as typeof globalThis & { __rollgateDataPlane?: DataPlane };

export function publishDataPlane(dp: DataPlane | null): void {
  if (dp) g.__rollgateDataPlane = dp;
  else delete g.__rollgateDataPlane;
}

/** The data plane's health, or null when this process runs none (tests, scripts). */
export function dataPlaneHealth(): DataPlaneHealth | null {
  const dp = g.__rollgateDataPlane;
  if (!dp) return null;
  const st = dp.status();
  return {
    status: st.staleSeconds === null ? "ok" : "stale",
    models: st.models,
    streams: st.streams,
    listening: st.listening,
    staleSeconds: st.staleSeconds,
    lastFullSyncAt: st.lastFullSyncAt,
  };
}

/** The shape of the running data plane's route snapshot a watcher subscribes to. */
export type RouteChanges = {
  subscribe(model: string, listener: (entry: { table: { epoch: number } }) => void): () => void;
  /** the model's table when the snapshot holds one (it holds models with a stable version) */
  get(model: string): unknown;
};

/**
 * The running data plane's per-model change subscription (it follows LISTEN/NOTIFY, which every
 * release move and pin sends in its transaction); null when this process runs no data plane.
 */
export function routeChanges(): RouteChanges | null {
  return g.__rollgateDataPlane?.snapshot ?? null;
}
