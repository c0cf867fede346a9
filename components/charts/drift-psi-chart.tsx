"use client";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTimeZoneChoice } from "@/components/providers/preferences-provider";
import { formatCount } from "@/lib/format/numbers";
import { formatAxisTick, formatDateTimeMinute } from "@/lib/time/format";
import { ChartAnnotations } from "./chart-annotations";
import { ChartFrame } from "./chart-frame";
import { CHART_SURFACE, THRESHOLD_STROKE, TICK, tooltipTheme } from "./chart-theme";

export type PsiPoint = { t: number; psi: number | null; sample: number };

const PSI = "#3b82f6";
const noRows = () => {};

/** PSI per hour against the warn and alert thresholds; null hours are gaps (too few events). */
export function DriftPsiChart({
  points,
  psiWarn,
  psiAlert,
  title,
}: {
  points: PsiPoint[];
  psiWarn: number;
  psiAlert: number;
  title: string;
}) {
  const tz = useTimeZoneChoice();
  // hourly points: a day and an hour on the axis, whatever the span
  const span = points.length > 1 ? points[points.length - 1]!.t - points[0]!.t : 0;
  const tick = (t: number) => formatAxisTick(t, Math.max(span, 3 * 86_400_000), tz);
  return (
    <ChartFrame
      bare
      title={title}
      empty={points.length === 0}
      height={200}
      legend={[{ key: "psi", label: "PSI", color: PSI }]}
      table={{
        head: ["Hour", "PSI", "Events"],
        rows: points.map((p) => ({
          key: String(p.t),
          cells: [formatDateTimeMinute(p.t, tz), p.psi === null ? "too few events" : p.psi.toFixed(3), formatCount(p.sample)],
        })),
      }}
    >
      <div className={CHART_SURFACE}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={TICK} />
            <YAxis tick={TICK} width={48} />
            <Tooltip
              {...tooltipTheme}
              labelFormatter={(t) => formatDateTimeMinute(Number(t), tz)}
              formatter={(v, _n, item) => [
                typeof v === "number" ? v.toFixed(3) : "too few events",
                `PSI (${(item.payload as PsiPoint).sample} events)`,
              ]}
            />
            <ReferenceLine y={psiWarn} stroke={THRESHOLD_STROKE.soft} strokeDasharray="4 4" ifOverflow="extendDomain" />
            <ReferenceLine y={psiAlert} stroke={THRESHOLD_STROKE.hard} strokeDasharray="4 4" ifOverflow="extendDomain" />
            <ChartAnnotations
              lines={[
                { value: psiWarn, text: `warn ${psiWarn}`, tone: "soft" },
                { value: psiAlert, text: `alert ${psiAlert}`, tone: "hard" },
              ]}
              markers={[]}
              onMarkerRows={noRows}
            />
            <Line dataKey="psi" name="PSI" stroke={PSI} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </ChartFrame>
  );
}
