import { formatNumber } from "@/lib/format/numbers";
import { cx } from "@/components/ui/cx";
import type { MetricComparison } from "@/lib/lifecycle/approval-queries";

const VERDICT_CLASS = {
  better: "text-emerald-700",
  worse: "text-red-700",
  same: "text-slate-500",
  unknown: "text-slate-600",
} as const;

function signed(n: number): string {
  // formatNumber drops float noise (0.93 − 0.91 is 0.020000000000000018); −0 reads as 0
  const text = formatNumber(Math.abs(n));
  if (text === "0") return "0";
  return n > 0 ? `+${text}` : `−${text}`;
}

function verdictTitle(m: MetricComparison): string | undefined {
  if (m.verdict === "unknown" && m.delta !== null) {
    return "The model's policy gates this metric in no single direction, so the change is shown without judging it";
  }
  if (m.direction) return m.direction === "higher_is_better" ? "Higher is better (from the policy)" : "Lower is better (from the policy)";
  return undefined;
}

/**
 * This version's metrics next to the comparison version's, with the delta coloured by whether
 * it is better or worse in the direction the policy gives the metric. The verdict is also
 * written out: colour alone is not a message.
 */
export function MetricsTable({ metrics, baseLabel }: { metrics: MetricComparison[]; baseLabel: string | null }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Evaluation metrics{baseLabel ? ` compared with ${baseLabel}` : ""}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className="px-5 py-2 text-left text-xs font-semibold text-slate-600">
              Metric
            </th>
            <th scope="col" className="px-3 py-2 text-right text-xs font-semibold text-slate-600">
              This version
            </th>
            <th scope="col" className="px-3 py-2 text-right text-xs font-semibold text-slate-600">
              {baseLabel ?? "PROD"}
            </th>
            <th scope="col" className="px-5 py-2 text-right text-xs font-semibold text-slate-600">
              Delta
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {metrics.map((m) => (
            <tr key={m.metric}>
              <th scope="row" className="px-5 py-2 text-left font-mono text-[13px] font-normal text-slate-800">
                {m.metric}
              </th>
              <td className="px-3 py-2 text-right tabular-nums text-slate-900">
                {m.value === null ? <span className="text-slate-500">not reported</span> : formatNumber(m.value)}
              </td>
              <td className="px-3 py-2 text-right tabular-nums text-slate-700">
                {m.baseline === null ? <span className="text-slate-500">—</span> : formatNumber(m.baseline)}
              </td>
              <td className={cx("px-5 py-2 text-right tabular-nums whitespace-nowrap", VERDICT_CLASS[m.verdict])} title={verdictTitle(m)}>
                {m.delta === null ? (
                  <span className="text-slate-500">—</span>
                ) : (
                  <>
                    {signed(m.delta)}
                    {(m.verdict === "better" || m.verdict === "worse") && <span className="ml-1.5 text-xs font-medium">{m.verdict}</span>}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
