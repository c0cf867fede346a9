import { formatCount, formatNumber, fractionAsPercent } from "@/lib/format/numbers";
import { Badge } from "@/components/ui/badge";
import type { ReplayReview } from "@/lib/lifecycle/approval-queries";

/**
 * The replay attached to the latest evaluation: on how many recorded requests this version and
 * the baseline gave the same decision, against the policy's minimum.
 */
export function ReplaySummary({ replay, prodVersion }: { replay: ReplayReview | null; prodVersion: string | null }) {
  if (!replay) {
    return (
      <p className="text-sm text-slate-600">
        No replay was attached to the latest evaluation.{" "}
        {prodVersion
          ? "CI can attach one (replay: {baseline_version, cases, agreement}) to show how often this version decides like PROD."
          : "With nothing in PROD there is nothing to replay against."}
      </p>
    );
  }
  const gate = replay.gate;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      <dt className="text-slate-500">Agreement</dt>
      <dd className="flex flex-wrap items-center gap-2 text-slate-900">
        <span className="font-medium tabular-nums">
          {formatNumber(replay.agreement)} ({fractionAsPercent(replay.agreement)})
        </span>
        {gate &&
          !gate.skipped &&
          (gate.passed ? <Badge tone="success">meets the minimum</Badge> : <Badge tone="danger">below the minimum</Badge>)}
      </dd>
      <dt className="text-slate-500">Required</dt>
      <dd className="text-slate-900">
        {replay.minAgreement === null ? (
          <span className="text-slate-600">no minimum in the policy</span>
        ) : (
          <span className="tabular-nums">at least {formatNumber(replay.minAgreement)}</span>
        )}
      </dd>
      <dt className="text-slate-500">Cases</dt>
      <dd className="tabular-nums text-slate-900">{formatCount(replay.cases)}</dd>
      <dt className="text-slate-500">Against</dt>
      <dd className="font-mono text-[13px] text-slate-900">
        {replay.baselineVersion}
        {prodVersion && replay.baselineVersion !== prodVersion && (
          <span className="ml-2 font-sans text-xs text-amber-800">not the PROD version ({prodVersion})</span>
        )}
      </dd>
      {gate && (
        <>
          <dt className="sr-only">Gate</dt>
          <dd className="col-span-2 text-slate-600">{gate.message}</dd>
        </>
      )}
    </dl>
  );
}
