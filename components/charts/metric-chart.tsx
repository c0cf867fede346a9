"use client";
import { useCallback, useState } from "react";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { valueAxis } from "@/lib/telemetry/axis-ticks";
import { chartCoverage, coverageText } from "@/lib/telemetry/chart-coverage";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatInstant, formatTick, formatValue, isIsolated, type PreparedChart } from "@/lib/telemetry/chart-data";
import { LABEL_LINE } from "@/lib/telemetry/chart-labels";
import { seriesTable } from "@/lib/telemetry/chart-table";
import { ChartAnnotations } from "./chart-annotations";
import { ChartFrame } from "./chart-frame";
import { CHART_SURFACE, MARKER_STROKE, THRESHOLD_STROKE, TICK, tooltipTheme } from "./chart-theme";

export type ChartLine = { value: number; label: string; severity: "hard" | "soft"; kind?: "ceiling" | "floor" };
export type ChartMarker = { t: number; label: string };

/**
 * Lines over time from a prepared chart (lib/telemetry/chart-data.ts). Gaps stay gaps
 * (connectNulls off) and a lone point between gaps is drawn as a dot, since a line cannot show
 * it. Horizontal `lines` are thresholds, vertical `markers` events such as step changes; their
 * labels are laid out so none covers another (chart-annotations.tsx).
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
  rangeMs,
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
  /** the span the reader picked (the series may start up to a bucket earlier) */
  rangeMs?: number;
}) {
  const tz = useTimeZoneChoice();
  const { rows, series, unit } = chart;
  const [markerRows, setMarkerRows] = useState(markers.length ? 1 : 0);
  const onMarkerRows = useCallback((n: number) => setMarkerRows(n), []);
  const fmt = (v: unknown) => formatValue(unit, typeof v === "number" ? v : null);
  const axis = valueAxis(
    unit,
    rows,
    series.map((s) => s.key),
    lines.map((l) => l.value),
  );
  const thresholdText = (l: ChartLine) => {
    const v = fmt(l.value);
    // "limit 800 ms" already says its value; "1.5× stable p95" needs it
    return l.label.includes(v) || l.label.includes(String(l.value)) ? l.label : `${l.label}: ${v}`;
  };
  return (
    <ChartFrame
      title={title}
      caption={caption}
      coverage={coverageText(chartCoverage(chart, from, to, rangeMs))}
      empty={chart.empty}
      emptyText={emptyText}
      height={height}
      testId={testId}
      stats={{ series: series.filter((s) => s.points > 0).map((s) => s.key), points: series.reduce((n, s) => n + s.points, 0) }}
      legend={series.map((s) => ({ key: s.key, label: s.label, color: s.color, dashed: s.dashed }))}
      table={seriesTable(chart, tz)}
    >
      <div className={CHART_SURFACE}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8 + markerRows * LABEL_LINE, right: 16, bottom: 0, left: 0 }} accessibilityLayer={false}>
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
            <YAxis
              tickFormatter={axis ? (v: number) => axis.label(v) : fmt}
              ticks={axis?.ticks}
              domain={axis?.domain ?? [0, "auto"]}
              tick={TICK}
              width={64}
            />
            <Tooltip {...tooltipTheme} labelFormatter={(v) => formatInstant(Number(v), tz)} formatter={(v) => fmt(v)} />
            {series.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                type="linear"
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? "6 3" : undefined}
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
                stroke={THRESHOLD_STROKE[l.severity]}
                strokeDasharray="6 3"
                ifOverflow="extendDomain"
              />
            ))}
            {markers.map((m) => (
              <ReferenceLine key={`x-${m.t}-${m.label}`} x={m.t} stroke={MARKER_STROKE} ifOverflow="discard" />
            ))}
            <ChartAnnotations
              lines={lines.map((l) => ({ value: l.value, text: thresholdText(l), tone: l.severity, kind: l.kind }))}
              markers={markers.map((m) => ({ t: m.t, text: m.label }))}
              onMarkerRows={onMarkerRows}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
