"use client";
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  preferenceCookie,
  THEME_COOKIE,
  TIME_COOKIE,
  ZONE_COOKIE,
  type Preferences,
  type ThemeChoice,
} from "@/lib/preferences/preferences";
import { DARK_QUERY, isDark } from "@/lib/preferences/theme";
import { UTC, type TimeMode, type TimeZoneChoice } from "@/lib/time/format";

type PreferencesContext = Preferences & {
  setTheme: (theme: ThemeChoice) => void;
  setTimeMode: (mode: TimeMode) => void;
};

const Context = createContext<PreferencesContext | null>(null);

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

function applyTheme(theme: ThemeChoice) {
  document.documentElement.classList.toggle("dark", isDark(theme, window.matchMedia(DARK_QUERY).matches));
}

/**
 * The viewer's theme and time-zone choice, as the server read them from the cookies, for every
 * client component (so they render exactly what the server rendered). Changing one writes the
 * cookie; a change of times also re-renders the server components.
 */
export function PreferencesProvider({ initial, children }: { initial: Preferences; children: ReactNode }) {
  const router = useRouter();
  const [theme, setThemeState] = useState(initial.theme);
  const [time, setTime] = useState(initial.time);

  useEffect(() => {
    applyTheme(theme);
    if (theme !== "system") return;
    const media = window.matchMedia(DARK_QUERY);
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [theme]);

  // Local times rendered on the server use the zone in the cookie: keep it the browser's
  // (a laptop that travelled, a first visit), and re-render when it was not.
  useEffect(() => {
    const zone = browserZone();
    if (zone === time.zone) return;
    document.cookie = preferenceCookie(ZONE_COOKIE, zone);
    if (time.mode !== "local") return;
    // the browser's zone exists only here, after hydration (which had to match the server)
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setTime({ mode: "local", zone });
    router.refresh();
  }, [time, router]);

  const setTheme = useCallback((next: ThemeChoice) => {
    document.cookie = preferenceCookie(THEME_COOKIE, next);
    setThemeState(next);
  }, []);

  const setTimeMode = useCallback(
    (mode: TimeMode) => {
      const zone = browserZone();
      document.cookie = preferenceCookie(TIME_COOKIE, mode);
      document.cookie = preferenceCookie(ZONE_COOKIE, zone);
      setTime({ mode, zone });
      router.refresh();
    },
    [router],
  );

  const value = useMemo(() => ({ theme, time, setTheme, setTimeMode }), [theme, time, setTheme, setTimeMode]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function usePreferences(): PreferencesContext {
  const value = useContext(Context);
  if (!value) throw new Error("usePreferences needs a <PreferencesProvider> (app/layout.tsx)");
  return value;
}

/** The zone the viewer reads times in; UTC outside the provider (e.g. the global error page). */
export function useTimeZoneChoice(): TimeZoneChoice {
  return useContext(Context)?.time ?? UTC;
}
