"use client";
import { useSyncExternalStore } from "react";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatDateTime, UTC } from "@/lib/time/format";
import { formatRelativeTime, toEpochMs } from "./relative-time-format";

// One shared clock for every <RelativeTime> on the page: one interval, not one per cell.
// The snapshot is a cached value, so consecutive reads within a render agree.
const TICK_MS = 30_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let clock = Date.now();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  if (timer === undefined) {
    timer = setInterval(() => {
      clock = Date.now();
      for (const listener of listeners) listener();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(onChange);
    if (listeners.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function getSnapshot(): number {
  // Without subscribers the interval is stopped; catch up before the first subscriber reads.
  if (timer === undefined && Date.now() - clock > TICK_MS) clock = Date.now();
  return clock;
}

// The server does not know the viewer's clock: it renders the exact time, and hydration
// (which reads this same snapshot) matches it before switching to relative.
function getServerSnapshot(): null {
  return null;
}

/**
 * "3 min ago", refreshed every minute, in a <time dateTime> with the exact time on hover, in
 * the viewer's chosen zone (and in UTC too when that is local). Accepts a Date, an ISO string
 * or epoch ms.
 */
export function RelativeTime({ date, className }: { date: Date | string | number; className?: string }) {
  const now = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  const tz = useTimeZoneChoice();
  const ms = toEpochMs(date);
  if (Number.isNaN(ms)) return <span className={className}>—</span>;
  const iso = new Date(ms).toISOString();
  const exact = formatDateTime(ms, tz);
  const utc = formatDateTime(ms, UTC);
  const title = exact === utc ? exact : `${exact} (${utc})`;
  return (
    <time dateTime={iso} title={title} className={className}>
      {now === null ? exact : formatRelativeTime(ms, now)}
    </time>
  );
}
