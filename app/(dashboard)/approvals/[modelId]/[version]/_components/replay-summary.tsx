import Link from "next/link";
import { formatCount, formatNumber, formatPercentFixed, fractionAsPercent } from "@/lib/format/numbers";
import { Badge } from "@/components/ui/badge";
import type { ReplayReview } from "@/lib/lifecycle/approval-queries";

/** Disagreements shown at once; the rest (up to the 50 an evaluation carries) fold away. */
const DISAGREEMENTS_SHOWN = 5;

/** Outputs can be large objects: the approver sees enough to tell them apart. */
const MAX_OUTPUT_CHARS = 160;

function outputText(v: unknown): string {
  const text = v === undefined ? "null" : JSON.stringify(v);
  return text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS - 1)}…` : text;
}

/**
 * The replay attached to the latest evaluation: on how many recorded requests this version and
 * the baseline gave the same decision, against the policy's minimum; when CI replayed a frozen
 * set, which set, the agreement per tenant (worst first) and the worst disagreements.
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
    <div className="space-y-5">
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
        {replay.set && <SetRow set={replay.set} />}
        {gate && (
          <>
            <dt className="sr-only">Gate</dt>
            <dd className="col-span-2 text-slate-600">{gate.message}</dd>
          </>
        )}
      </dl>
      {replay.byTenant.length > 0 && <TenantTable rows={replay.byTenant} minAgreement={replay.minAgreement} />}
      {replay.disagreements.length > 0 && <Disagreements rows={replay.disagreements} />}
    </div>
  );
}

function SetRow({ set }: { set: NonNullable<ReplayReview["set"]> }) {
  const found = set.found;
  return (
    <>
      <dt className="text-slate-500">Replay set</dt>
      <dd className="min-w-0 text-slate-900">
        {found ? (
          <>
            <span className="font-medium">{found.name}</span>
            <span className="ml-2 text-slate-600 tabular-nums">
              {formatCount(found.itemCount)} items, {found.from.slice(0, 10)} – {found.to.slice(0, 10)}
            </span>
          </>
        ) : (
          <span className="text-slate-600">no longer stored (expired)</span>
        )}
        <div className="font-mono text-xs break-all text-slate-600">
          {set.id} · sha256:<span title={set.hash}>{set.hash.slice(0, 12)}</span>
        </div>
        {found?.erased && (
          <Badge tone="warning">
            {formatCount(found.erased.count)} items erased {found.erased.at.slice(0, 10)}
          </Badge>
        )}
      </dd>
    </>
  );
}

function TenantTable({ rows, minAgreement }: { rows: ReplayReview["byTenant"]; minAgreement: number | null }) {
  return (
    <table className="w-full text-sm" aria-label="Agreement per tenant">
      <caption className="mb-1 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
        Agreement per tenant, worst first
      </caption>
      <thead className="sr-only">
        <tr>
          <th scope="col">Tenant</th>
          <th scope="col">Agreement</th>
          <th scope="col">Cases</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((t) => (
          <tr key={t.tenant} className="border-t border-slate-100">
            <th scope="row" className="py-1 pr-2 text-left font-mono text-[13px] font-normal break-all text-slate-900">
              {t.tenant}
            </th>
            <td className="py-1 pr-2 text-right tabular-nums">
              {formatPercentFixed(t.agreement * 100)}
              {minAgreement !== null && t.agreement < minAgreement && (
                <span className="ml-1">
                  <Badge tone="danger">below</Badge>
                </span>
              )}
            </td>
            <td className="py-1 text-right text-slate-600 tabular-nums">{formatCount(t.cases)} cases</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Disagreements({ rows }: { rows: ReplayReview["disagreements"] }) {
  const shown = rows.slice(0, DISAGREEMENTS_SHOWN);
  const more = rows.slice(DISAGREEMENTS_SHOWN);
  return (
    <section aria-labelledby="replay-disagreements">
      <h3 id="replay-disagreements" className="mb-1 text-xs font-medium tracking-wide text-slate-500 uppercase">
        Worst disagreements
      </h3>
      <DisagreementList rows={shown} />
      {more.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm text-brand-700 hover:underline">Show {more.length} more</summary>
          <DisagreementList rows={more} />
        </details>
      )}
    </section>
  );
}

function DisagreementList({ rows }: { rows: ReplayReview["disagreements"] }) {
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {rows.map((d) => (
        <li key={d.requestId} className="py-2">
          <div className="flex flex-wrap items-baseline gap-x-2">
            <Link
              href={`/predictions?id=${encodeURIComponent(d.requestId)}`}
              className="font-mono text-[13px] break-all text-brand-700 underline"
            >
              {d.requestId}
            </Link>
            {d.tenant && <span className="text-xs text-slate-600">tenant {d.tenant}</span>}
          </div>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 font-mono text-xs">
            <dt className="font-sans text-slate-500">baseline</dt>
            <dd className="break-all text-slate-800">{outputText(d.baselineOutput)}</dd>
            <dt className="font-sans text-slate-500">candidate</dt>
            <dd className="break-all text-slate-800">{outputText(d.candidateOutput)}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
