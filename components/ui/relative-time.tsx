"use client";
import { useSyncExternalStore } from "react";
import { formatRelativeTime, formatUtc, toEpochMs } from "./relative-time-format";

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

// The server does not know the viewer's clock or time zone: it renders the exact UTC time,
// and hydration (which reads this same snapshot) matches it before switching to relative.
function getServerSnapshot(): null {
  return null;
}

/**
 * "3 min ago", refreshed every minute, in a <time dateTime> with the exact time on hover
 * (local time and UTC). Accepts a Date, an ISO string or epoch ms.
 */
export function RelativeTime({ date, className }: { date: Date | string | number; className?: string }) {
  const now = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  const ms = toEpochMs(date);
  if (Number.isNaN(ms)) return <span className={className}>—</span>;
  const iso = new Date(ms).toISOString();
  const utc = formatUtc(ms);
  const title =
    now === null
      ? utc
      : `${new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" })} (${utc})`;
  return (
    <time dateTime={iso} title={title} className={className}>
      {now === null ? utc : formatRelativeTime(ms, now)}
    </time>
  );
}
