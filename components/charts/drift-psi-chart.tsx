"use client";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartAnnotations } from "./chart-annotations";
import { ChartFrame } from "./chart-frame";
import { CHART_SURFACE, THRESHOLD_STROKE, TICK } from "./chart-theme";

export type PsiPoint = { t: number; psi: number | null; sample: number };

const time = (t: number) => new Date(t).toISOString().slice(5, 16).replace("T", " ");
const PSI = "#3b82f6";
const noRows = () => {};

/** PSI per hour against the warn and alert thresholds; null hours are gaps (too few events). */
export function DriftPsiChart({ points, psiWarn, psiAlert, title }: { points: PsiPoint[]; psiWarn: number; psiAlert: number; title: string }) {
  return (
    <ChartFrame
      bare
      title={title}
      empty={points.length === 0}
      height={200}
      legend={[{ key: "psi", label: "PSI", color: PSI }]}
      table={{
        head: ["Hour (UTC)", "PSI", "Events"],
        rows: points.map((p) => ({ key: String(p.t), cells: [time(p.t), p.psi === null ? "too few events" : p.psi.toFixed(3), p.sample.toLocaleString("en-US")] })),
      }}
    >
      <div className={CHART_SURFACE}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={time} tick={TICK} />
            <YAxis tick={TICK} width={48} />
            <Tooltip
              labelFormatter={(t) => `${time(Number(t))} UTC`}
              formatter={(v, _n, item) => [typeof v === "number" ? v.toFixed(3) : "too few events", `PSI (${(item.payload as PsiPoint).sample} events)`]}
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
