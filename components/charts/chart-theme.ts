/**
 * Colours of a chart's furniture (grid, ticks, reference lines) as Tailwind classes, so they
 * follow the `dark` class on <html>; CSS wins over recharts' presentation attributes.
 */
export const CHART_SURFACE =
  "h-full [&_.recharts-cartesian-grid_line]:stroke-slate-200 dark:[&_.recharts-cartesian-grid_line]:stroke-slate-700 [&_.recharts-cartesian-axis-line]:stroke-slate-300 dark:[&_.recharts-cartesian-axis-line]:stroke-slate-600 [&_.recharts-cartesian-axis-tick-line]:stroke-slate-300 dark:[&_.recharts-cartesian-axis-tick-line]:stroke-slate-600";

export const TICK = { fontSize: 11, className: "fill-slate-500 dark:fill-slate-400" };

/** hard thresholds red, soft amber, step markers slate: each 3:1 or more on white and slate-900 */
export const THRESHOLD_STROKE = { hard: "#dc2626", soft: "#d97706" } as const;
export const MARKER_STROKE = "#94a3b8";
