"use client";
import { useEffect, useId, useRef } from "react";
import { usePreferences } from "@/components/providers/preferences-provider";
import { cx } from "@/components/ui/cx";
import type { ThemeChoice } from "@/lib/preferences/preferences";
import { effectiveZone, type TimeMode } from "@/lib/time/format";

const THEMES: { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

function Choice<T extends string>({
  name,
  value,
  checked,
  label,
  onPick,
}: {
  name: string;
  value: T;
  checked: boolean;
  label: string;
  onPick: (v: T) => void;
}) {
  return (
    <label className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600">
      <input type="radio" name={name} value={value} checked={checked} onChange={() => onPick(value)} className="accent-brand-600" />
      {label}
    </label>
  );
}

/**
 * Theme (System / Light / Dark) and whether times read in UTC or the browser's zone, remembered
 * in this browser. A disclosure, so it works from the keyboard and closes with Escape.
 */
export function PreferencesMenu({ className }: { className?: string }) {
  const { theme, time, setTheme, setTimeMode } = usePreferences();
  const ref = useRef<HTMLDetailsElement>(null);
  const id = useId();

  useEffect(() => {
    const close = (e: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (e instanceof KeyboardEvent ? e.key === "Escape" : !details.contains(e.target as Node)) {
        details.open = false;
        if (e instanceof KeyboardEvent) details.querySelector("summary")?.focus();
      }
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("keydown", close);
    };
  }, []);

  const localZone = time.mode === "local" ? effectiveZone(time) : null;
  return (
    <details ref={ref} className={cx("relative", className)} data-testid="preferences-menu">
      <summary
        title="Theme and time zone"
        className="flex cursor-pointer list-none items-center rounded-md border border-slate-300 p-1 text-slate-700 hover:bg-slate-50 [&::-webkit-details-marker]:hidden"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <path d="M10 2a8 8 0 1 0 0 16V2Z" />
          <path fillRule="evenodd" d="M10 1a9 9 0 1 1 0 18 9 9 0 0 1 0-18Zm0 1.5a7.5 7.5 0 1 0 0 15 7.5 7.5 0 0 0 0-15Z" />
        </svg>
        <span className="sr-only">Display preferences (times in {time.mode === "utc" ? "UTC" : "local time"})</span>
      </summary>
      <div className="absolute right-0 z-20 mt-1 w-56 rounded-md border border-slate-200 bg-white p-2 shadow-lg">
        <fieldset>
          <legend className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Theme</legend>
          {THEMES.map((t) => (
            <Choice key={t.value} name={`${id}-theme`} value={t.value} checked={theme === t.value} label={t.label} onPick={setTheme} />
          ))}
        </fieldset>
        <div aria-hidden className="my-2 border-t border-slate-100" />
        <fieldset>
          <legend className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Times</legend>
          <Choice<TimeMode> name={`${id}-time`} value="utc" checked={time.mode === "utc"} label="UTC" onPick={setTimeMode} />
          <Choice<TimeMode>
            name={`${id}-time`}
            value="local"
            checked={time.mode === "local"}
            label={localZone ? `Local (${localZone})` : "Local time"}
            onPick={setTimeMode}
          />
        </fieldset>
      </div>
    </details>
  );
}
