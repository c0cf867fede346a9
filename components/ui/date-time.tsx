"use client";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatDate, formatDateTime, formatDateTimeMinute, toEpochMs } from "@/lib/time/format";

const FORMATS = { second: formatDateTime, minute: formatDateTimeMinute, day: formatDate };

/**
 * An instant in the viewer's chosen zone (UTC or local, lib/time/format.ts), in a <time> that
 * carries the exact ISO instant. Server components use it too: the zone comes from the cookie.
 */
export function DateTime({
  value,
  precision = "second",
  className,
}: {
  value: Date | string | number;
  precision?: keyof typeof FORMATS;
  className?: string;
}) {
  const tz = useTimeZoneChoice();
  const ms = toEpochMs(value);
  if (Number.isNaN(ms)) return <span className={className}>—</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} className={className}>
      {FORMATS[precision](ms, tz)}
    </time>
  );
}
