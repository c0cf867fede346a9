"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPercentFixed } from "@/lib/format/numbers";
import { ChartFrame } from "./chart-frame";
import { CHART_SURFACE, TICK, tooltipTheme } from "./chart-theme";

export type HistogramBar = { label: string; baseline: number | null; current: number | null };

const BASELINE = "#64748b";
const CURRENT = "#3b82f6";
const pct = (v: number | null) => (v === null ? "no data" : formatPercentFixed(v));

/** Baseline vs current share of events per bin, in percent (prepared by lib/drift/present.ts). */
export function DriftHistogramChart({ bars, title }: { bars: HistogramBar[]; title: string }) {
  return (
    <ChartFrame
      bare
      title={title}
      empty={bars.length === 0}
      height={224}
      legend={[
        { key: "baseline", label: "Baseline", color: BASELINE },
        { key: "current", label: "Current", color: CURRENT },
      ]}
      table={{
        head: ["Bin", "Baseline", "Current"],
        rows: bars.map((b) => ({ key: b.label, cells: [b.label, pct(b.baseline), pct(b.current)] })),
      }}
    >
      <div className={CHART_SURFACE}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={TICK} interval={0} />
            <YAxis unit="%" tick={TICK} width={48} />
            <Tooltip {...tooltipTheme} formatter={(v) => (typeof v === "number" ? pct(v) : "no data")} />
            <Bar dataKey="baseline" name="Baseline" fill={BASELINE} isAnimationActive={false} />
            <Bar dataKey="current" name="Current" fill={CURRENT} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
