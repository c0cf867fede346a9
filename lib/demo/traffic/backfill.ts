// The day before the demo started, posted once through the same telemetry API (timestamps in
// the past, at a lower density) so a newcomer's first screen — the charts' default range is the
// last 24 h — has data across the whole range, not a sliver at its end.
// Skipped when any demo model already has telemetry: a restarted demo keeps its own history.
import type { TelemetrySender } from "@rollgate/client/telemetry";
import type { ManifestCache } from "./manifests";
import type { DemoModel } from "./profiles";
import type { Rng } from "./random";

export type BackfillOptions = {
  /** how far back; default DEFAULT_BACKFILL_HOURS */
  hours: number;
  /** density of the past traffic */
  ratePerSecond: number;
  /** the last hours before the live traffic, denser: a canary's recent steps need samples to be judged */
  recentHours: number;
  /** density of those recent hours; default ratePerSecond (no denser) */
  recentRatePerSecond: number;
  /** any telemetry of a demo model this far back means "already has history"; default 7 */
  lookbackDays: number;
};

const CHUNK = 5000;

/** The charts' default range (lib/telemetry/chart-range.ts). */
export const DEFAULT_BACKFILL_HOURS = 24;

/** True when any of the models has recorded requests in the lookback window (GET .../metrics, routes:read). */
export async function hasTelemetry(opts: {
  url: string;
  token: string;
  fetch?: typeof fetch;
  models: readonly DemoModel[];
  now: number;
  lookbackDays: number;
}): Promise<boolean> {
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const base = opts.url.replace(/\/+$/, "");
  const from = new Date(opts.now - opts.lookbackDays * 86_400_000).toISOString();
  const to = new Date(opts.now + 60_000).toISOString();
  for (const m of opts.models) {
    const q = new URLSearchParams({ from, to, step: "1d" });
    const res = await fetchImpl(`${base}/api/v1/models/${encodeURIComponent(m.key)}/metrics?${q}`, {
      headers: { authorization: `Bearer ${opts.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`reading ${m.key} metrics answered HTTP ${res.status}`);
    const body = (await res.json()) as { sample?: number };
    if ((body.sample ?? 0) > 0) return true;
  }
  return false;
}

/**
 * Posts the past traffic oldest first, in chunks the sender delivers before the next is made;
 * returns the events posted. The caller checks hasTelemetry first, before any live event.
 */
export async function backfill(deps: {
  /** the end of the past: when the live traffic began */
  end: number;
  options: Partial<BackfillOptions> & { ratePerSecond: number };
  /** routes and reports one past request; false when it could not be routed */
  serve: (ts: number, id: number) => boolean;
  /** starts reading the manifests of every version the tables route to */
  prefetch: () => void;
  rng: Rng;
  manifests: ManifestCache;
  sender: TelemetrySender;
  stopped: () => boolean;
}): Promise<number> {
  const hours = deps.options.hours ?? DEFAULT_BACKFILL_HOURS;
  const end = deps.end;
  const start = end - hours * 3_600_000;
  const recentFrom = end - (deps.options.recentHours ?? 0) * 3_600_000;
  const gapAt = (ts: number) =>
    1000 / (ts >= recentFrom ? (deps.options.recentRatePerSecond ?? deps.options.ratePerSecond) : deps.options.ratePerSecond);
  // every served version's manifest first, so past events carry features too
  deps.prefetch();
  await deps.manifests.settled();
  let posted = 0;
  let id = 0;
  // Poisson arrivals: exponential gaps between requests
  for (let ts = start; ts < end && !deps.stopped(); ts += -Math.log(1 - deps.rng()) * gapAt(ts)) {
    if (deps.serve(Math.round(ts), ++id)) posted++;
    if (id % CHUNK === 0) await deps.sender.flush();
  }
  await deps.sender.flush();
  return posted;
}
