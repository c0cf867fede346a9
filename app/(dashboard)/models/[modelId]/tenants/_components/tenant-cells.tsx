import { Badge, type BadgeTone } from "@/components/ui/badge";
import { formatCount } from "@/lib/format/numbers";
import type { TenantRank } from "@/lib/telemetry/tenant-rank";
import type { TenantRow, TenantTable } from "@/lib/telemetry/tenant-table";

/** What the order of the table means, in one sentence for the card's description. */
export function rankingCaption(r: TenantTable["ranking"]): string {
  const floor = `rows under ${formatCount(r.minSample)} requests are not judged and go last`;
  if (r.mode === "canary") {
    return `Ranked by how much worse the canary ${r.candidate} is than stable ${r.stable} for each tenant (worst of p95, error rate and quality, against the guardrail's tolerance); ${floor}.`;
  }
  return `No canary running: ranked by each tenant's worst signal (p95, error rate, quality) against all tenants together; ${floor}.`;
}

function tone(rank: TenantRank): BadgeTone | null {
  if (rank.score === null) return null;
  if (rank.score >= 1) return "danger";
  if (rank.score >= 0.5) return "warning";
  return null;
}

/** The ranking reason of a row: a badge when it is at or near the guardrail's tolerance. */
export function RankCell({ rank }: { rank: TenantRank }) {
  const t = tone(rank);
  const title = rank.score !== null ? `${rank.score.toFixed(2)} × the guardrail's tolerance` : undefined;
  if (t) {
    return (
      <Badge tone={t} title={title}>
        {rank.reason}
      </Badge>
    );
  }
  return (
    <span title={title} className={`whitespace-nowrap ${rank.score === null ? "text-slate-500 italic" : "text-slate-700"}`}>
      {rank.reason}
    </span>
  );
}

const DRIFT_TONE = { alert: "danger", warn: "warning" } as const;

/** The tenant's worst PSI over the drift window; the feature is named when it warns or alerts. */
export function DriftCell({ drift, window }: { drift: TenantRow["drift"]; window: string | null }) {
  if (!drift) return <span className="text-slate-500">no data</span>;
  const title = `Worst drift over the last ${window ?? "window"}: PSI ${drift.psi.toFixed(3)} on ${drift.feature} (${drift.level})`;
  if (drift.level === "ok") {
    return (
      <span title={title} className="text-slate-500">
        {drift.psi.toFixed(2)}
      </span>
    );
  }
  return (
    <Badge tone={DRIFT_TONE[drift.level]} title={title}>
      {`${drift.psi.toFixed(2)} · ${drift.feature}`}
    </Badge>
  );
}
