/**
 * A viewer's display preferences, kept in cookies so the server renders the first paint the way
 * the viewer chose (no flash of the wrong theme, no times that change after hydration). They are
 * per browser, not per account, and never authorise anything. Pure and client-safe.
 */
import { isKnownZone, type TimeMode, type TimeZoneChoice } from "../time/format";

export type ThemeChoice = "system" | "light" | "dark";

export type Preferences = { theme: ThemeChoice; time: TimeZoneChoice };

export const THEME_COOKIE = "rollgate-theme";
export const TIME_COOKIE = "rollgate-time";
/** The browser's IANA zone, so local times rendered on the server are the browser's. */
export const ZONE_COOKIE = "rollgate-tz";

const THEMES: readonly ThemeChoice[] = ["system", "light", "dark"];
const MODES: readonly TimeMode[] = ["utc", "local"];

export const DEFAULT_PREFERENCES: Preferences = { theme: "system", time: { mode: "utc", zone: "UTC" } };

/** Reads the preferences from cookie values; anything unknown falls back to the default. */
export function parsePreferences(cookie: (name: string) => string | undefined): Preferences {
  const theme = cookie(THEME_COOKIE);
  const mode = cookie(TIME_COOKIE);
  const zone = cookie(ZONE_COOKIE);
  return {
    theme: THEMES.includes(theme as ThemeChoice) ? (theme as ThemeChoice) : DEFAULT_PREFERENCES.theme,
    time: {
      mode: MODES.includes(mode as TimeMode) ? (mode as TimeMode) : DEFAULT_PREFERENCES.time.mode,
      zone: zone && isKnownZone(zone) ? zone : "UTC",
    },
  };
}

/** A year, so the choice outlives sessions; Lax and readable by the page, which writes it. */
export function preferenceCookie(name: string, value: string): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
