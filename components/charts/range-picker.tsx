"use client";
import Link from "next/link";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { cx } from "@/components/ui/cx";
import { PRESET_LABELS, RANGE_PRESETS, type ChartRange } from "@/lib/telemetry/chart-range";
import { effectiveZone, toDateTimeLocalValue } from "@/lib/time/format";

/**
 * The range of a chart page as links (1 h … 30 d) and a custom from/to form, all kept in the
 * URL so a view can be shared. `keep` are the page's other parameters (tenant, version). The
 * custom fields read in the viewer's chosen zone, which the form sends along (`tz`).
 */
export function RangePicker({
  basePath,
  range,
  keep = {},
  issue,
}: {
  basePath: string;
  range: ChartRange;
  keep?: Record<string, string>;
  issue?: string | null;
}) {
  const href = (r: string) => `${basePath}?${new URLSearchParams({ ...keep, range: r }).toString()}`;
  const custom = range.key === "custom" && "from" in range ? range : null;
  const tz = useTimeZoneChoice();
  const zone = effectiveZone(tz);
  return (
    <div className="mb-4 flex flex-wrap items-end gap-3">
      <nav aria-label="Range" className="flex gap-1 text-sm">
        {RANGE_PRESETS.map((p) => (
          <Link
            key={p}
            href={href(p)}
            aria-current={range.key === p ? "true" : undefined}
            className={cx(
              "rounded-md border px-2.5 py-1 font-medium",
              range.key === p ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-200 text-slate-600 hover:bg-slate-50",
            )}
          >
            {PRESET_LABELS[p]}
          </Link>
        ))}
      </nav>
      <form method="get" action={basePath} className="flex flex-wrap items-end gap-2 text-sm" aria-label="Custom range">
        {Object.entries(keep).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <input type="hidden" name="range" value="custom" />
        {zone !== "UTC" && <input type="hidden" name="tz" value={zone} />}
        <WallClockField
          label={`From (${zone})`}
          name="from"
          value={custom ? toDateTimeLocalValue(custom.from, tz).replace("T", " ") : ""}
        />
        <WallClockField label={`To (${zone})`} name="to" value={custom ? toDateTimeLocalValue(custom.to, tz).replace("T", " ") : ""} />
        <button
          type="submit"
          className={cx(
            "rounded-md border px-2.5 py-1 font-medium",
            custom ? "border-brand-600 text-brand-700" : "border-slate-200 text-slate-600",
          )}
        >
          Custom range
        </button>
      </form>
      {issue && (
        <p role="status" className="w-full text-sm text-amber-700">
          {issue} Showing the last 24 h instead.
        </p>
      )}
    </div>
  );
}

/** A time typed in the app's one date-time format (ISO-like, 24 h), not the browser locale's picker. */
function WallClockField({ label, name, value }: { label: string; name: string; value: string }) {
  return (
    <label className="flex flex-col text-xs text-slate-600">
      {label}
      <input
        key={value}
        type="text"
        name={name}
        placeholder="YYYY-MM-DD HH:MM"
        pattern="\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?"
        title="YYYY-MM-DD HH:MM, 24 h"
        autoComplete="off"
        defaultValue={value}
        className="w-40 rounded border border-slate-300 px-2 py-1 font-mono text-sm"
      />
    </label>
  );
}
