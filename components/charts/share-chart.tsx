"use client";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { chartCoverage, coverageText } from "@/lib/telemetry/chart-coverage";
import { formatInstant, formatTick, formatValue, type PreparedChart } from "@/lib/telemetry/chart-data";
import { seriesTable } from "@/lib/telemetry/chart-table";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { ChartFrame } from "./chart-frame";
import { CHART_SURFACE, TICK, tooltipTheme } from "./chart-theme";

/** Traffic share per version, stacked to 100 %; a bucket without requests is a gap. */
export function ShareChart({
  chart,
  caption,
  from,
  to,
  rangeMs,
  height = 180,
  testId,
}: {
  chart: PreparedChart;
  caption: string;
  from: number;
  to: number;
  /** the span the reader picked (the series may start up to a bucket earlier) */
  rangeMs?: number;
  height?: number;
  testId?: string;
}) {
  const tz = useTimeZoneChoice();
  const fmt = (v: unknown) => formatValue("fraction", typeof v === "number" ? v : null);
  return (
    <ChartFrame
      title="Traffic share per version"
      caption={caption}
      coverage={coverageText(chartCoverage(chart, from, to, rangeMs))}
      empty={chart.empty}
      height={height}
      testId={testId}
      stats={{ series: chart.series.filter((s) => s.points > 0).map((s) => s.key), points: chart.series.reduce((n, s) => n + s.points, 0) }}
      legend={chart.series.map((s) => ({ key: s.key, label: s.label, color: s.color, dashed: s.dashed }))}
      table={seriesTable(chart, tz)}
    >
      <div className={CHART_SURFACE}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={chart.rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              tickFormatter={(v: number) => formatTick(v, to - from, tz)}
              tick={TICK}
              minTickGap={24}
            />
            <YAxis domain={[0, 1]} tickFormatter={fmt} tick={TICK} width={64} />
            <Tooltip {...tooltipTheme} labelFormatter={(v) => formatInstant(Number(v), tz)} formatter={(v) => fmt(v)} />
            {chart.series.map((s) => (
              <Area
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId="share"
                type="stepAfter"
                stroke={s.color}
                strokeDasharray={s.dashed ? "6 3" : undefined}
                fill={s.color}
                fillOpacity={0.35}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
