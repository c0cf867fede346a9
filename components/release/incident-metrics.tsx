import type { Check, WindowStats } from "@/lib/guardrails/decide";
import { describeCheck } from "@/lib/guardrails/decide";
import type { StoredBefore } from "@/lib/guardrails/incident-metrics";
import { ScrollX } from "@/components/ui/scroll-x";
import { formatMs, formatPercentFixed, significant } from "@/lib/format/numbers";

const pct = (v: number | null) => (v === null ? "—" : formatPercentFixed(v * 100));
const ms = (v: number | null) => (v === null ? "—" : formatMs(v));
const num = (v: number | null) => (v === null ? "—" : significant(v, 4));

const ROWS: { label: string; value: (s: WindowStats) => string }[] = [
  { label: "Requests", value: (s) => String(s.requests) },
  { label: "p95 latency", value: (s) => ms(s.p95Ms) },
  { label: "Error rate", value: (s) => pct(s.errorRate) },
  { label: "Quality", value: (s) => (s.qualitySample ? `${num(s.quality)} (${s.qualitySample} scored)` : "—") },
];

/**
 * Before (the rolled-back version up to the rollback) and after (the version traffic went back
 * to, since the rollback) side by side; with a guardrail rollback, the checks it decided on.
 */
export function IncidentMetrics({
  before,
  after,
  decision,
  fromVersion,
  toVersion,
}: {
  before: WindowStats | null;
  after: WindowStats | null;
  decision: StoredBefore | null;
  fromVersion: string;
  toVersion: string;
}) {
  return (
    <div className="space-y-4" data-testid="incident-metrics">
      <ScrollX label="Metrics before and after the rollback">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Metrics before and after the rollback</caption>
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className="px-4 py-2 text-left text-xs font-semibold text-slate-600 uppercase">
                Metric
              </th>
              <th scope="col" className="px-4 py-2 text-right text-xs font-semibold text-slate-600 uppercase">
                Before ({fromVersion})
              </th>
              <th scope="col" className="px-4 py-2 text-right text-xs font-semibold text-slate-600 uppercase">
                After ({toVersion})
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ROWS.map((r) => (
              <tr key={r.label} data-metric={r.label}>
                <th scope="row" className="px-4 py-2 text-left font-normal text-slate-800">
                  {r.label}
                </th>
                <td className="px-4 py-2 text-right tabular-nums">{before ? r.value(before) : "—"}</td>
                <td className="px-4 py-2 text-right tabular-nums">{after ? r.value(after) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      {decision?.checks && decision.checks.length > 0 && (
        <DecisionChecks checks={decision.checks} minSample={decision.minSample} stable={decision.stable ?? null} />
      )}
    </div>
  );
}

function DecisionChecks({ checks, minSample, stable }: { checks: Check[]; minSample?: number; stable: WindowStats | null }) {
  return (
    <div className="px-4 pb-4 text-sm" data-testid="incident-decision">
      <p className="font-medium text-slate-800">What the guardrail decided on</p>
      <p className="text-xs text-slate-500">
        {stable ? `stable ${stable.version}: ${stable.requests} requests · ` : ""}minimum sample {minSample ?? "—"}
      </p>
      <ul className="mt-2 space-y-1">
        {checks.map((c) => (
          <li key={c.name} data-check={c.name} data-passed={c.passed} className={c.passed ? "text-slate-700" : "font-medium text-red-800"}>
            {c.passed ? "pass" : "FAIL"} — {describeCheck(c)}
          </li>
        ))}
      </ul>
    </div>
  );
}
