/**
 * Relative and exact time strings for <RelativeTime>. Pure, so the wording is unit-tested
 * and identical on server and client.
 *
 * Wording is short and English-only on purpose ("3 min ago", "2 hours ago", "yesterday"):
 * tables show many of these side by side, and Intl.RelativeTimeFormat's short style varies
 * by runtime ("3 min. ago").
 */

import { formatDateTime, toEpochMs, UTC } from "@/lib/time/format";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `then` relative to `now` (both epoch ms). Future times read "in …" (clock skew, schedules). */
export function formatRelativeTime(then: number, now: number): string {
  const diff = now - then;
  const future = diff < 0;
  const abs = Math.abs(diff);
  // Under a minute, seconds are noise (the display refreshes every 30 s), and a time a few
  // seconds ahead is clock skew between server and browser, not the future.
  if (abs < MINUTE) return "just now";

  let text: string;
  if (abs < HOUR) text = `${Math.floor(abs / MINUTE)} min`;
  else if (abs < DAY) text = plural(Math.floor(abs / HOUR), "hour", "hours");
  else if (abs < 2 * DAY) return future ? "tomorrow" : "yesterday";
  else if (abs < 30 * DAY) text = plural(Math.floor(abs / DAY), "day", "days");
  else if (abs < 365 * DAY) text = plural(Math.floor(abs / (30 * DAY)), "month", "months");
  else text = plural(Math.floor(abs / (365 * DAY)), "year", "years");
  return future ? `in ${text}` : `${text} ago`;
}

/** The exact instant in UTC, `2026-01-15 14:03:22 UTC` (lib/time/format.ts has every form). */
export function formatUtc(ms: number): string {
  return formatDateTime(ms, UTC);
}

export { toEpochMs };
