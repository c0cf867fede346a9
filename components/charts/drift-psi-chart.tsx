"use client";
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type PsiPoint = { t: number; psi: number | null; sample: number };

const time = (t: number) => new Date(t).toISOString().slice(5, 16).replace("T", " ");

/** PSI per hour against the warn and alert thresholds; null hours are gaps (too few events). */
export function DriftPsiChart({ points, psiWarn, psiAlert, title }: { points: PsiPoint[]; psiWarn: number; psiAlert: number; title: string }) {
  return (
    <figure aria-label={title} className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={time} tick={{ fontSize: 12 }} />
          <YAxis tick={{ fontSize: 12 }} width={48} />
          <Tooltip
            labelFormatter={(t) => `${time(Number(t))} UTC`}
            formatter={(v, _n, item) => [typeof v === "number" ? v.toFixed(3) : "too few events", `PSI (${(item.payload as PsiPoint).sample} events)`]}
          />
          <ReferenceLine y={psiWarn} stroke="#d97706" strokeDasharray="4 4" label={{ value: "warn", fontSize: 11, fill: "#b45309", position: "insideTopRight" }} />
          <ReferenceLine y={psiAlert} stroke="#dc2626" strokeDasharray="4 4" label={{ value: "alert", fontSize: 11, fill: "#b91c1c", position: "insideTopRight" }} />
          <Line dataKey="psi" name="PSI" stroke="#1f57d1" dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
