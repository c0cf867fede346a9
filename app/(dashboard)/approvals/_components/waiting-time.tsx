"use client";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatDateTime } from "@/lib/time/format";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long a version has waited, short enough for a table cell: "< 1 min", "12 min", "3 h",
 * "4 d". Whole units, rounded down: a reviewer reads "3 h" as "at least three hours".
 * Hours up to two days, because "1 d" hides whether it waited one day or forty-seven hours.
 */
export function formatWaiting(ms: number): string {
  const d = Math.max(0, ms);
  if (d < MINUTE) return "< 1 min";
  if (d < HOUR) return `${Math.floor(d / MINUTE)} min`;
  if (d < 2 * DAY) return `${Math.floor(d / HOUR)} h`;
  return `${Math.floor(d / DAY)} d`;
}

/**
 * "waiting 3 h", with the exact moment the version entered STAGING on hover. Rendered on the
 * server against `asOf` (the time the rows were read), so it never disagrees with the rows and
 * needs no client clock; the page is dynamic and re-renders on every visit.
 */
export function WaitingTime({ since, asOf, className }: { since: string; asOf: string; className?: string }) {
  const tz = useTimeZoneChoice();
  const ms = Date.parse(since);
  return (
    <time dateTime={since} title={`STAGING since ${formatDateTime(ms, tz)}`} className={className}>
      waiting {formatWaiting(Date.parse(asOf) - ms)}
    </time>
  );
}
