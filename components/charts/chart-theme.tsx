import type { CSSProperties, ReactNode } from "react";

// The neutral parts of every chart (grid, axes, tooltip, legend text) in CSS variables that
// app/globals.css sets for the light and the dark theme; series colours are the data's own.
export const GRID_STROKE = "var(--chart-grid)";
export const AXIS_STROKE = "var(--chart-axis-line)";
export const MARKER_STROKE = "var(--chart-marker)";
export const MARKER_TEXT = "var(--chart-text-muted)";

export const axisTick = (fontSize = 11) => ({ fontSize, fill: "var(--chart-text-muted)" });

const tooltipContent: CSSProperties = {
  background: "var(--chart-tooltip-bg)",
  border: "1px solid var(--chart-tooltip-border)",
  borderRadius: 6,
  color: "var(--chart-text)",
  fontSize: 12,
};

/**
 * Spread on <Tooltip>: its box and words follow the theme (series colours are too faint for
 * text on the dark box; each row names its series).
 */
export const tooltipTheme = {
  contentStyle: tooltipContent,
  labelStyle: { color: "var(--chart-text)", fontWeight: 600 },
  itemStyle: { color: "var(--chart-text)" },
  cursor: { stroke: "var(--chart-marker)" },
};

/** Legend entries keep their series swatch; the words are in the theme's text colour. */
export const legendText = (value: ReactNode) => <span style={{ color: "var(--chart-text)" }}>{value}</span>;

/**
 * Colours of a chart's furniture (grid, ticks, reference lines) as Tailwind classes, so they
 * follow the `dark` class on <html>; CSS wins over recharts' presentation attributes.
 */
export const CHART_SURFACE =
  "h-full [&_.recharts-cartesian-grid_line]:stroke-slate-200 [&_.recharts-cartesian-axis-line]:stroke-slate-300 [&_.recharts-cartesian-axis-tick-line]:stroke-slate-300";

export const TICK = { fontSize: 11, className: "fill-slate-500" };

/** hard thresholds red, soft amber, step markers slate: each 3:1 or more on white and slate-900 */
export const THRESHOLD_STROKE = { hard: "#dc2626", soft: "#d97706" } as const;
