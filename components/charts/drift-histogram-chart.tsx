"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type HistogramBar = { label: string; baseline: number | null; current: number | null };

/** Baseline vs current share of events per bin, in percent (prepared by lib/drift/present.ts). */
export function DriftHistogramChart({ bars, title }: { bars: HistogramBar[]; title: string }) {
  return (
    <figure aria-label={title} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} />
          <YAxis unit="%" tick={{ fontSize: 12 }} width={48} />
          <Tooltip formatter={(v) => (typeof v === "number" ? `${v.toFixed(2)} %` : "no data")} />
          <Legend />
          <Bar dataKey="baseline" name="Baseline" fill="#94a3b8" isAnimationActive={false} />
          <Bar dataKey="current" name="Current" fill="#1f57d1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
