"use client";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatInstant, formatTick, formatValue, type PreparedChart } from "@/lib/telemetry/chart-data";
import { AXIS_STROKE, axisTick, GRID_STROKE, legendText, tooltipTheme } from "./chart-theme";
import { ChartFrame } from "./chart-frame";

/** Traffic share per version, stacked to 100 %; a bucket without requests is a gap. */
export function ShareChart({ chart, caption, from, to, height = 180, testId }: { chart: PreparedChart; caption: string; from: number; to: number; height?: number; testId?: string }) {
  const tz = useTimeZoneChoice();
  const fmt = (v: unknown) => formatValue("fraction", typeof v === "number" ? v : null);
  return (
    <ChartFrame
      title="Traffic share per version"
      caption={caption}
      empty={chart.empty}
      height={height}
      testId={testId}
      stats={{ series: chart.series.filter((s) => s.points > 0).map((s) => s.key), points: chart.series.reduce((n, s) => n + s.points, 0) }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={chart.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={GRID_STROKE} />
          <XAxis dataKey="t" type="number" scale="time" domain={[from, to]} tickFormatter={(v: number) => formatTick(v, to - from, tz)} tick={axisTick()} stroke={AXIS_STROKE} minTickGap={24} />
          <YAxis domain={[0, 1]} tickFormatter={fmt} tick={axisTick()} stroke={AXIS_STROKE} width={64} />
          <Tooltip {...tooltipTheme} labelFormatter={(v) => formatInstant(Number(v), tz)} formatter={(v) => fmt(v)} />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
          {chart.series.map((s) => (
            <Area
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="share"
              type="stepAfter"
              stroke={s.color}
              fill={s.color}
              fillOpacity={0.35}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
