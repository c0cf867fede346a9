import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES, parsePreferences, preferenceCookie, THEME_COOKIE, TIME_COOKIE, ZONE_COOKIE } from "./preferences";
import { isDark, themeBootScript } from "./theme";

const jar = (values: Record<string, string>) => (name: string) => values[name];

describe("parsePreferences", () => {
  it("reads the remembered theme, time mode and zone", () => {
    expect(parsePreferences(jar({ [THEME_COOKIE]: "dark", [TIME_COOKIE]: "local", [ZONE_COOKIE]: "Asia/Kolkata" }))).toEqual({
      theme: "dark",
      time: { mode: "local", zone: "Asia/Kolkata" },
    });
  });

  it("falls back to following the system and UTC for missing or unknown values", () => {
    expect(parsePreferences(jar({}))).toEqual(DEFAULT_PREFERENCES);
    expect(parsePreferences(jar({ [THEME_COOKIE]: "sepia", [TIME_COOKIE]: "martian", [ZONE_COOKIE]: "Nowhere/Special" }))).toEqual(
      DEFAULT_PREFERENCES,
    );
  });
});

describe("theme", () => {
  it("is dark when chosen, or when following a system that asks for dark", () => {
    expect(isDark("dark", false)).toBe(true);
    expect(isDark("light", true)).toBe(false);
    expect(isDark("system", true)).toBe(true);
    expect(isDark("system", false)).toBe(false);
  });

  it("boots with the remembered choice as data, not as code", () => {
    expect(themeBootScript("dark")).toContain('})("dark")');
    expect(themeBootScript("system")).toContain("prefers-color-scheme: dark");
  });

  it("remembers a choice for a year, for the whole site", () => {
    expect(preferenceCookie(ZONE_COOKIE, "America/New_York")).toBe(
      "rollgate-tz=America%2FNew_York; Path=/; Max-Age=31536000; SameSite=Lax",
    );
  });
});
