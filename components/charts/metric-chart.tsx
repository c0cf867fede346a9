"use client";
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { valueAxis } from "@/lib/telemetry/axis-ticks";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatInstant, formatTick, formatValue, isIsolated, type PreparedChart } from "@/lib/telemetry/chart-data";
import { ChartFrame } from "./chart-frame";
import { AXIS_STROKE, axisTick, GRID_STROKE, legendText, MARKER_STROKE, MARKER_TEXT, tooltipTheme } from "./chart-theme";

export type ChartLine = { value: number; label: string; color?: string; dashed?: boolean };
export type ChartMarker = { t: number; label: string };

/**
 * Lines over time from a prepared chart (lib/telemetry/chart-data.ts). Gaps stay gaps
 * (connectNulls off) and a lone point between gaps is drawn as a dot, since a line cannot show
 * it. Horizontal `lines` are thresholds, vertical `markers` events such as step changes.
 */
export function MetricChart({
  chart,
  title,
  caption,
  from,
  to,
  lines = [],
  markers = [],
  height = 220,
  testId,
  emptyText,
}: {
  chart: PreparedChart;
  title: string;
  caption: string;
  from: number;
  to: number;
  lines?: ChartLine[];
  markers?: ChartMarker[];
  height?: number;
  testId?: string;
  emptyText?: string;
}) {
  const tz = useTimeZoneChoice();
  const { rows, series, unit } = chart;
  const fmt = (v: unknown) => formatValue(unit, typeof v === "number" ? v : null);
  const axis = valueAxis(
    unit,
    rows,
    series.map((s) => s.key),
    lines.map((l) => l.value),
  );
  return (
    <ChartFrame
      title={title}
      caption={caption}
      empty={chart.empty}
      emptyText={emptyText}
      height={height}
      testId={testId}
      stats={{ series: series.filter((s) => s.points > 0).map((s) => s.key), points: series.reduce((n, s) => n + s.points, 0) }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke={GRID_STROKE} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[from, to]}
            tickFormatter={(v: number) => formatTick(v, to - from, tz)}
            tick={axisTick()}
            stroke={AXIS_STROKE}
            minTickGap={24}
          />
          <YAxis
            tickFormatter={axis ? (v: number) => axis.label(v) : fmt}
            ticks={axis?.ticks}
            domain={axis?.domain ?? [0, "auto"]}
            tick={axisTick()}
            stroke={AXIS_STROKE}
            width={64}
          />
          <Tooltip {...tooltipTheme} labelFormatter={(v) => formatInstant(Number(v), tz)} formatter={(v) => fmt(v)} />
          <Legend wrapperStyle={{ fontSize: 12 }} formatter={legendText} />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              type="linear"
              stroke={s.color}
              strokeWidth={2}
              connectNulls={false}
              isAnimationActive={false}
              dot={(p: { cx?: number; cy?: number; index?: number }) =>
                p.index !== undefined && p.cx !== undefined && p.cy !== undefined && isIsolated(rows, s.key, p.index) ? (
                  <circle key={`${s.key}-${p.index}`} className="chart-lone-point" cx={p.cx} cy={p.cy} r={3} fill={s.color} />
                ) : (
                  <g key={`${s.key}-${p.index}`} />
                )
              }
            />
          ))}
          {lines.map((l) => (
            <ReferenceLine
              key={`y-${l.label}`}
              y={l.value}
              stroke={l.color ?? "#dc2626"}
              strokeDasharray={l.dashed === false ? undefined : "6 3"}
              ifOverflow="extendDomain"
              label={{ value: `${l.label}: ${fmt(l.value)}`, position: "insideTopRight", fontSize: 11, fill: l.color ?? "#dc2626" }}
            />
          ))}
          {markers.map((m) => (
            <ReferenceLine
              key={`x-${m.t}-${m.label}`}
              x={m.t}
              stroke={MARKER_STROKE}
              ifOverflow="discard"
              label={{ value: m.label, position: "insideTopLeft", fontSize: 11, fill: MARKER_TEXT }}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
