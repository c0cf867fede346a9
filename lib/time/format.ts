/**
 * Every date and time a page shows, in one ISO-like 24-hour format: `2026-12-04 16:05:09 UTC`,
 * or in the viewer's zone with its offset, `2026-12-04 21:35:09 +05:30`. Pure and client-safe:
 * the server render and the browser format with the same zone (the one remembered in the
 * viewer's cookie, not the browser's own), so hydration never sees two different texts.
 */

export type TimeMode = "utc" | "local";

/** How times are shown: in UTC, or in `zone` (an IANA name such as "Europe/Berlin"). */
export type TimeZoneChoice = { mode: TimeMode; zone: string };

export const UTC: TimeZoneChoice = { mode: "utc", zone: "UTC" };

type Parts = { year: number; month: number; day: number; hour: number; minute: number; second: number; offsetMinutes: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether the runtime knows `zone` (a cookie may carry anything). */
export function isKnownZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone times are shown in: UTC, or the chosen zone when the runtime knows it. */
export function effectiveZone(tz: TimeZoneChoice): string {
  return tz.mode === "local" && tz.zone !== "UTC" && isKnownZone(tz.zone) ? tz.zone : "UTC";
}

function partsOf(ms: number, zone: string): Parts {
  if (zone === "UTC") {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      offsetMinutes: 0,
    };
  }
  const p: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(ms)) if (part.type !== "literal") p[part.type] = Number(part.value);
  const parts = { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second!, offsetMinutes: 0 };
  // the wall-clock reading taken as UTC, minus the instant (whole seconds), is the zone's offset
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  parts.offsetMinutes = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  return parts;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "+05:30", "-04:00", "+00:00". */
export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** What follows a time to say which zone it is in: "UTC", or the offset at that instant. */
export function zoneSuffix(ms: number, tz: TimeZoneChoice): string {
  const zone = effectiveZone(tz);
  return zone === "UTC" ? "UTC" : formatOffset(partsOf(ms, zone).offsetMinutes);
}

/** The label of the zone itself, for form fields and captions: "UTC" or "Asia/Kolkata". */
export function zoneLabel(tz: TimeZoneChoice): string {
  return effectiveZone(tz);
}

/** Accepts what a DTO carries (a Date, an ISO string or epoch ms); NaN when unparseable. */
export function toEpochMs(value: Date | string | number): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return value;
  return Date.parse(value);
}

const dateOf = (p: Parts) => `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;

/** The exact instant: `2026-12-04 16:05:09 UTC` / `2026-12-04 21:35:09 +05:30`; "—" when unparseable. */
export function formatDateTime(value: Date | string | number, tz: TimeZoneChoice = UTC): string {
  const ms = toEpochMs(value);
  if (Number.isNaN(ms)) return "—";
  const zone = effectiveZone(tz);
  const p = partsOf(ms, zone);
  return `${dateOf(p)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)} ${zone === "UTC" ? "UTC" : formatOffset(p.offsetMinutes)}`;
}

/** To the minute, for bucketed data (chart captions and tooltips): `2026-12-04 16:05 UTC`. */
export function formatDateTimeMinute(value: Date | string | number, tz: TimeZoneChoice = UTC): string {
  const ms = toEpochMs(value);
  if (Number.isNaN(ms)) return "—";
  const zone = effectiveZone(tz);
  const p = partsOf(ms, zone);
  return `${dateOf(p)} ${pad(p.hour)}:${pad(p.minute)} ${zone === "UTC" ? "UTC" : formatOffset(p.offsetMinutes)}`;
}

/** A range to the minute, the zone said once: `2026-12-03 16:05 – 2026-12-04 16:05 UTC`. */
export function formatRangeMinute(from: number, to: number, tz: TimeZoneChoice = UTC): string {
  const zone = effectiveZone(tz);
  const a = partsOf(from, zone);
  const b = partsOf(to, zone);
  const hm = (p: Parts) => `${dateOf(p)} ${pad(p.hour)}:${pad(p.minute)}`;
  if (zone === "UTC") return `${hm(a)} – ${hm(b)} UTC`;
  if (a.offsetMinutes === b.offsetMinutes) return `${hm(a)} – ${hm(b)} ${formatOffset(b.offsetMinutes)}`;
  return `${hm(a)} ${formatOffset(a.offsetMinutes)} – ${hm(b)} ${formatOffset(b.offsetMinutes)}`;
}

/** The calendar day in the chosen zone: `2026-12-04`. */
export function formatDate(value: Date | string | number, tz: TimeZoneChoice = UTC): string {
  const ms = toEpochMs(value);
  if (Number.isNaN(ms)) return "—";
  return dateOf(partsOf(ms, effectiveZone(tz)));
}

/** The time of day, no zone: `16:05`. For places that say the zone nearby (axes, short notes). */
export function formatClock(value: Date | string | number, tz: TimeZoneChoice = UTC): string {
  const ms = toEpochMs(value);
  if (Number.isNaN(ms)) return "—";
  const p = partsOf(ms, effectiveZone(tz));
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** A time-axis tick: time of day for ranges within two days, `12-04 16h` within eight, the day beyond. */
export function formatAxisTick(ms: number, rangeMs: number, tz: TimeZoneChoice = UTC): string {
  const p = partsOf(ms, effectiveZone(tz));
  if (rangeMs <= 2 * 86_400_000) return `${pad(p.hour)}:${pad(p.minute)}`;
  return `${pad(p.month)}-${pad(p.day)}${rangeMs <= 8 * 86_400_000 ? ` ${pad(p.hour)}h` : ""}`;
}

/** The value of a `datetime-local` input showing `ms` in the chosen zone: `2026-12-04T21:35`. */
export function toDateTimeLocalValue(ms: number, tz: TimeZoneChoice = UTC): string {
  const p = partsOf(ms, effectiveZone(tz));
  return `${dateOf(p)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The instant a wall-clock reading (`YYYY-MM-DDTHH:mm[:ss]`, as a datetime-local input sends it)
 * names in `zone`; null when it is not one. In a gap (spring forward) the later offset applies.
 */
export function wallClockToEpoch(text: string, zone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  if (zone === "UTC" || !isKnownZone(zone)) return wall;
  // two passes settle the offset, also next to a change of offset
  let guess = wall - partsOf(wall, zone).offsetMinutes * 60_000;
  guess = wall - partsOf(guess, zone).offsetMinutes * 60_000;
  return guess;
}
