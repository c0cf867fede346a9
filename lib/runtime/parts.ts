/**
 * What the process shares between server.ts and the code Next.js runs (see runtime.ts). The
 * parts are typed with platform types or with the small interfaces below, which the features
 * satisfy: the runtime knows no feature, the features know the runtime.
 */
import type { AuditSigningKey, SignedCheckpoint } from "../audit/signing";
import type { Database } from "../database/open";

/** Settings of the telemetry ingest that server.ts chooses and route handlers read. */
export type TelemetrySettings = {
  /** predictions older than this many days are deleted, and events older than it are refused */
  retentionDays: number;
};

/** Per-model notice of routing changes (the data plane follows LISTEN/NOTIFY). */
export interface RouteChangeFeed {
  subscribe(model: string, listener: (entry: { table: { epoch: number } }) => void): () => void;
  /** the model's table when the feed holds one (it holds models with a stable version) */
  get(model: string): unknown;
}

/** The running data plane's state, as /api/health reports it. */
export type DataPlaneState = {
  models: number;
  streams: number;
  /** whether changes are arriving (LISTEN) */
  listening: boolean;
  /** seconds since the tables were last known current; null while in sync */
  staleSeconds: number | null;
  lastFullSyncAt: string | null;
};

/** The routing data plane server.ts runs in this process. */
export interface RunningDataPlane {
  status(): DataPlaneState;
  snapshot: RouteChangeFeed;
}

/** Each started job's kick, by job name: wakes it in this process (lib/jobs). */
export type JobKicks = Map<string, () => void>;

/**
 * Everything held process-wide. A feature that keeps a process-wide service of its own adds it
 * with `declare module` next to that service and creates it with `runtimeOnce`.
 */
export interface Runtime {
  /** opened once by server.ts; a second handle on one PGlite data directory would corrupt it */
  database: Database;
  telemetry: TelemetrySettings;
  dataPlane: RunningDataPlane;
  jobKicks: JobKicks;
  /** the newest checkpoint this process signed (verification checks it too) */
  lastCheckpoint: SignedCheckpoint & { id: string };
  /** resolved once by server.ts; it must not live in the database it vouches for */
  auditSigningKey: AuditSigningKey;
}
