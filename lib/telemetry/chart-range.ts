/**
 * The time range of a chart page, as kept in the URL: `?range=1h|24h|7d|30d` (a window ending
 * now, so it moves while the page is open) or `?range=custom&from=…&to=…` (fixed, ISO 8601 or
 * `datetime-local` text, read in the zone `tz` names, UTC without it). Pure and client-safe: the
 * server page and the browser resolve the same URL to the same window.
 */
import { wallClockToEpoch } from "../time/format";

export const RANGE_PRESETS = ["1h", "24h", "7d", "30d"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export type RangeKey = RangePreset | "custom";

export const PRESET_MS: Record<RangePreset, number> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};

export const PRESET_LABELS: Record<RangeKey, string> = { "1h": "1 h", "24h": "24 h", "7d": "7 d", "30d": "30 d", custom: "Custom" };

/** The longest custom range the pages accept (the metrics query refuses more than 400 days). */
export const MAX_CUSTOM_DAYS = 90;

export type ChartRange =
  | { key: RangePreset; issue: null }
  | { key: "custom"; from: number; to: number; issue: null }
  /** a custom range that does not parse: the page says why and shows the default instead */
  | { key: "24h"; issue: { path: "from" | "to"; message: string } };

const DEFAULT: ChartRange = { key: "24h", issue: null };

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/**
 * An instant typed by a person: ISO 8601, or `YYYY-MM-DD HH:mm` (also with a `T`: the range
 * picker's fields, read as the wall clock of `zone`, an IANA name; UTC by default).
 */
export function parseInstant(text: string, zone = "UTC"): number | null {
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?$/.test(text)) return wallClockToEpoch(text.replace(" ", "T"), zone);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

export function parseChartRange(params: Params): ChartRange {
  const key = one(params.range);
  if (key && (RANGE_PRESETS as readonly string[]).includes(key)) return { key: key as RangePreset, issue: null };
  if (key !== "custom") return DEFAULT;
  const fromText = one(params.from);
  const toText = one(params.to);
  const zone = one(params.tz) ?? "UTC";
  if (!fromText) return { key: "24h", issue: { path: "from", message: "A custom range needs a start (from)." } };
  if (!toText) return { key: "24h", issue: { path: "to", message: "A custom range needs an end (to)." } };
  const from = parseInstant(fromText, zone);
  if (from === null)
    return { key: "24h", issue: { path: "from", message: `"${fromText}" is not a date and time (e.g. 2026-01-15 09:00).` } };
  const to = parseInstant(toText, zone);
  if (to === null) return { key: "24h", issue: { path: "to", message: `"${toText}" is not a date and time (e.g. 2026-01-15 18:00).` } };
  if (!(from < to)) return { key: "24h", issue: { path: "to", message: "The end must be after the start." } };
  if (to - from > MAX_CUSTOM_DAYS * 86_400_000) {
    return { key: "24h", issue: { path: "from", message: `A custom range may cover at most ${MAX_CUSTOM_DAYS} days.` } };
  }
  return { key: "custom", from, to, issue: null };
}

/** The window [from, to) at `now`: presets end now, a custom range is fixed. */
export function resolveRange(range: ChartRange, now: number): { from: number; to: number } {
  if (range.key === "custom" && "from" in range) return { from: range.from, to: range.to };
  return { from: now - PRESET_MS[range.key as RangePreset], to: now };
}

/**
 * How often an open page refetches: short windows move fast (a new minute bucket every minute),
 * long ones slowly; a custom range that ended over a minute ago is history and is not polled.
 */
export function refreshIntervalMs(range: ChartRange, now: number): number | false {
  if (range.key === "custom" && "to" in range) return range.to < now - 60_000 ? false : 10_000;
  if (range.key === "1h") return 10_000;
  if (range.key === "24h") return 30_000;
  return 60_000;
}

/** The URL query for a range (other parameters, e.g. the tenant, are kept by the caller). */
export function rangeQuery(range: ChartRange): Record<string, string> {
  if (range.key === "custom" && "from" in range) {
    return { range: "custom", from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
  }
  return { range: range.key };
}

/** A stable identity of the range for query keys: presets by name (the window moves), custom by bounds. */
export function rangeId(range: ChartRange): string {
  return range.key === "custom" && "from" in range ? `custom:${range.from}-${range.to}` : range.key;
}

/** The window at this moment (a preset moves with the clock; pages resolve it per request or fetch). */
export function rangeAtNow(range: ChartRange): { from: number; to: number } {
  return resolveRange(range, Date.now());
}

/** The refresh interval at this moment. */
export function refreshIntervalNow(range: ChartRange): number | false {
  return refreshIntervalMs(range, Date.now());
}
