"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_STROKE, axisTick, GRID_STROKE, legendText, tooltipTheme } from "./chart-theme";

export type HistogramBar = { label: string; baseline: number | null; current: number | null };

/** Baseline vs current share of events per bin, in percent (prepared by lib/drift/present.ts). */
export function DriftHistogramChart({ bars, title }: { bars: HistogramBar[]; title: string }) {
  return (
    <figure aria-label={title} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="label" tick={axisTick(12)} stroke={AXIS_STROKE} interval={0} />
          <YAxis unit="%" tick={axisTick(12)} stroke={AXIS_STROKE} width={48} />
          <Tooltip {...tooltipTheme} formatter={(v) => (typeof v === "number" ? `${v.toFixed(2)} %` : "no data")} />
          <Legend formatter={legendText} />
          <Bar dataKey="baseline" name="Baseline" fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="current" name="Current" fill="#1f57d1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
