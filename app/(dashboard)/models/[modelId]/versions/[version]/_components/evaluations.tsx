import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { RelativeTime } from "@/components/ui/relative-time";
import { gateOutcome, gateResultsOf, reasonsOf, replayOf, thresholdText, type GateOutcomeLabel } from "@/lib/lifecycle/version-view";
import { formatCount, formatNumber, fractionAsPercent } from "@/lib/format/numbers";
import type { EvaluationDto } from "@/lib/registry/queries";

const OUTCOME_TONES = { passed: "success", failed: "danger", skipped: "muted" } as const;

const fmt = (n: number | null | undefined) => (n === null || n === undefined ? "—" : formatNumber(n));

/**
 * Every evaluation of the version, newest first. The newest is open with each gate's verdict
 * (it is the one an approval is checked against); older ones open on demand. Failed gates are
 * highlighted so a refusal reads at a glance.
 */
export function Evaluations({ evaluations }: { evaluations: EvaluationDto[] }) {
  if (evaluations.length === 0) {
    return (
      <p className="px-5 py-4 text-sm text-slate-500">
        No evaluations yet. CI posts one to <code className="font-mono text-[13px]">POST /api/v1/models/…/versions/…/evaluations</code>; a
        DEV version that passes its model&apos;s gates moves to STAGING.
      </p>
    );
  }
  return (
    <ol aria-label="Evaluations, newest first" className="divide-y divide-slate-100">
      {evaluations.map((e, i) => (
        <li key={e.id}>
          <EvaluationItem evaluation={e} latest={i === 0} />
        </li>
      ))}
    </ol>
  );
}

function EvaluationItem({ evaluation: e, latest }: { evaluation: EvaluationDto; latest: boolean }) {
  const gates = gateResultsOf(e.gates);
  const reasons = reasonsOf(e.reasons);
  const replay = replayOf(e.replay);
  return (
    <details open={latest} className="group">
      <summary
        className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-5 py-3 text-sm hover:bg-slate-50 [&::-webkit-details-marker]:hidden"
        aria-label={`Evaluation ${e.passed ? "passed" : "failed"} on ${e.dataset}${latest ? " (latest)" : ""}`}
      >
        <span aria-hidden className="text-slate-500 transition-transform group-open:rotate-90">
          ▸
        </span>
        <Badge tone={e.passed ? "success" : "danger"} dot>
          {e.passed ? "Passed" : "Failed"}
        </Badge>
        {latest && <Badge tone="muted">latest</Badge>}
        <span className="min-w-0 max-w-full truncate font-mono text-[13px] text-slate-800" title={e.dataset}>
          {e.dataset}
        </span>
        <span className="text-slate-500">
          <RelativeTime date={e.createdAt} /> by <span className="text-slate-700">{e.createdBy}</span>
        </span>
      </summary>
      <div className="space-y-3 px-5 pb-4">
        {!e.passed && reasons.length > 0 && (
          <div className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
            <p className="font-medium">Refused by {reasons.length === 1 ? "a gate" : `${reasons.length} gates`}:</p>
            <ul className="mt-1 list-disc space-y-0.5 pl-5">
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
        {gates.length === 0 ? (
          <p className="text-sm text-slate-500">
            No gates applied: the model&apos;s policy had no eval gates when this evaluation was recorded.
          </p>
        ) : (
          <GateTable gates={gates} />
        )}
        {replay && (
          <p className="text-sm text-slate-700">
            Replay against <span className="font-mono text-[13px]">{replay.baselineVersion}</span>: {fractionAsPercent(replay.agreement)} of{" "}
            {formatCount(replay.cases)} cases gave the same decision.
          </p>
        )}
        <p className="text-xs text-slate-500">
          {e.baselineVersion ? `Compared with PROD ${e.baselineVersion}.` : "Nothing was in PROD: regression gates were skipped."}{" "}
          Evaluation <code className="font-mono">{e.id}</code>.
        </p>
      </div>
    </details>
  );
}

function GateTable({ gates }: { gates: ReturnType<typeof gateResultsOf> }) {
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Gate results</caption>
        <thead className="bg-slate-50">
          <tr>
            {["Gate", "Metric", "Value", "Threshold", "PROD baseline", "Result", "Message"].map((h) => (
              <th
                key={h}
                scope="col"
                className="px-3 py-2 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase"
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {gates.map((g, i) => {
            const outcome = gateOutcome(g);
            return (
              <tr key={`${g.gate}-${g.metric}-${i}`} className={cx(outcome === "failed" && "bg-red-50/70")}>
                <td className="px-3 py-2 whitespace-nowrap text-slate-700">{g.gate}</td>
                <th scope="row" className="px-3 py-2 text-left font-mono text-[13px] font-medium whitespace-nowrap text-slate-900">
                  {g.metric}
                </th>
                <td
                  className={cx(
                    "px-3 py-2 text-right font-mono text-[13px] tabular-nums",
                    outcome === "failed" ? "font-semibold text-red-800" : "text-slate-800",
                  )}
                >
                  {fmt(g.value)}
                </td>
                <td className="px-3 py-2 font-mono text-[13px] whitespace-nowrap text-slate-700">{thresholdText(g, formatNumber)}</td>
                <td className="px-3 py-2 font-mono text-[13px] whitespace-nowrap text-slate-700">
                  {g.gate === "replay" ? (
                    <span className="text-slate-500">vs {g.baselineVersion ?? "—"}</span>
                  ) : (
                    <>
                      {fmt(g.baseline)}
                      {g.baselineVersion && g.baseline !== null && (
                        <span className="ml-1 text-xs text-slate-500">({g.baselineVersion})</span>
                      )}
                    </>
                  )}
                </td>
                <td className="px-3 py-2">
                  <OutcomeBadge outcome={outcome} />
                </td>
                <td className="min-w-64 px-3 py-2 text-slate-700">{g.message}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function OutcomeBadge({ outcome }: { outcome: GateOutcomeLabel }) {
  return <Badge tone={OUTCOME_TONES[outcome]}>{outcome}</Badge>;
}
