/**
 * Event-driven guardrails: telemetry for a candidate under watch wakes the guardrail job
 * (lib/guardrails/loop.ts) instead of leaving it to the next timer pass, so the sequential test
 * sees each batch within a fraction of a second. Kicks are coalesced to at most one per
 * MIN_GAP_MS, and the job folds kicks that arrive during a pass into one more pass; the timer
 * stays as the safety net. The job only evaluates where it leads (one instance of several), so
 * telemetry written through another instance waits for the leader's next pass.
 */
import { kickJob } from "../jobs";

/** At most four evaluations a second from telemetry, whatever the ingest rate. */
export const MIN_GAP_MS = 250;

let lastKick = 0;
let pending: ReturnType<typeof setTimeout> | null = null;

export function kickGuardrailsSoon(now: () => number = Date.now): void {
  if (pending) return;
  const wait = Math.max(0, lastKick + MIN_GAP_MS - now());
  pending = setTimeout(() => {
    pending = null;
    lastKick = now();
    kickJob("guardrails");
  }, wait);
  pending.unref?.();
}
