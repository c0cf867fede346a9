// The data plane's state for /api/health, and its route-change feed for the release page's
// stream: server.ts sets the running data plane in the runtime (lib/runtime), where route
// handlers, loaded by Next.js in module instances of their own, find it.
import { peekRuntime, type RouteChangeFeed } from "../runtime";

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

/** The data plane's health, or null when this process runs none (tests, scripts). */
export function dataPlaneHealth(): DataPlaneHealth | null {
  const dp = peekRuntime("dataPlane");
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

/**
 * The running data plane's per-model change subscription (it follows LISTEN/NOTIFY, which every
 * release move and pin sends in its transaction); null when this process runs no data plane.
 */
export function routeChanges(): RouteChangeFeed | null {
  return peekRuntime("dataPlane")?.snapshot ?? null;
}
