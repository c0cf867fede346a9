/**
 * The time a write records. Normally the wall clock; `recordedAt` replays a piece of past work
 * (the demo's weeks of history) so every row and audit event it writes carries the moment the
 * work happened, the audit hash chain included, instead of a later rewrite of stored rows.
 * Server-only: it rides on the async context of the call.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const replayed = new AsyncLocalStorage<number>();

export function currentTime(): Date {
  return new Date(replayed.getStore() ?? Date.now());
}

/** Runs `work` with currentTime() fixed at `at` for everything it awaits. */
export function recordedAt<T>(at: Date, work: () => Promise<T>): Promise<T> {
  return replayed.run(Math.floor(at.getTime()), work);
}
