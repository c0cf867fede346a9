// What the bench process and its client workers say to each other over the IPC channel
// (child_process.fork, "advanced" serialisation so Float64Arrays cross as they are).
//
// Times are wall-clock milliseconds with sub-millisecond resolution, taken as
// performance.timeOrigin + performance.now() in whichever process takes them; the bench process
// estimates each worker's offset from its own clock by an IPC round trip (fleet.ts).

export type ToWorker =
  | { type: "clock"; sent: number }
  /** open connections until `raw` raw SSE readers and `full` @rollgate/client clients are open */
  | { type: "connect"; url: string; token: string; model: string; raw: number; full: number; batch: number }
  /** answer once every connection holds `epoch` or later, or at the deadline */
  | { type: "await"; epoch: number; timeoutMs: number }
  | { type: "close" };

export type FromWorker =
  | { type: "clock"; sent: number; at: number }
  | { type: "connected"; raw: number; full: number; ms: number; failed: number }
  | {
      type: "reached";
      epoch: number;
      /** per connection, when it first held `epoch` (NaN: never within the wait) */
      raw: Float64Array;
      full: Float64Array;
      /** connections (re)opened since the last report, beyond the first time */
      reconnects: number;
    }
  | { type: "error"; message: string };

export const now = (): number => performance.timeOrigin + performance.now();
