"use client";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatDateTimeMinute, formatAxisTick } from "@/lib/time/format";
import { AXIS_STROKE, axisTick, GRID_STROKE, tooltipTheme } from "./chart-theme";

export type PsiPoint = { t: number; psi: number | null; sample: number };

/** PSI per hour against the warn and alert thresholds; null hours are gaps (too few events). */
export function DriftPsiChart({ points, psiWarn, psiAlert, title }: { points: PsiPoint[]; psiWarn: number; psiAlert: number; title: string }) {
  const tz = useTimeZoneChoice();
  // hourly points: a day and an hour on the axis, whatever the span
  const span = points.length > 1 ? points[points.length - 1]!.t - points[0]!.t : 0;
  const tick = (t: number) => formatAxisTick(t, Math.max(span, 3 * 86_400_000), tz);
  return (
    <figure aria-label={title} className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={axisTick(12)} stroke={AXIS_STROKE} />
          <YAxis tick={axisTick(12)} stroke={AXIS_STROKE} width={48} />
          <Tooltip
            {...tooltipTheme}
            labelFormatter={(t) => formatDateTimeMinute(Number(t), tz)}
            formatter={(v, _n, item) => [typeof v === "number" ? v.toFixed(3) : "too few events", `PSI (${(item.payload as PsiPoint).sample} events)`]}
          />
          <ReferenceLine y={psiWarn} stroke="#d97706" strokeDasharray="4 4" label={{ value: "warn", fontSize: 11, fill: "var(--chart-warn-text)", position: "insideTopRight" }} />
          <ReferenceLine y={psiAlert} stroke="#dc2626" strokeDasharray="4 4" label={{ value: "alert", fontSize: 11, fill: "var(--chart-alert-text)", position: "insideTopRight" }} />
          <Line dataKey="psi" name="PSI" stroke="#1f57d1" dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
