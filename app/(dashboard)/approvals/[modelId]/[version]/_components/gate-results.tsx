import { formatNumber } from "@/lib/format/numbers";
import { Badge } from "@/components/ui/badge";
import type { GateResult } from "@/lib/lifecycle/gates";

function verdict(g: GateResult) {
  if (g.skipped) return <Badge tone="muted">skipped</Badge>;
  return g.passed ? (
    <Badge tone="success" dot>
      passed
    </Badge>
  ) : (
    <Badge tone="danger" dot>
      failed
    </Badge>
  );
}

/** Each gate of the policy as the latest evaluation applied it: verdict, rule and the message with its numbers. */
export function GateResults({ gates }: { gates: GateResult[] }) {
  if (gates.length === 0) {
    return (
      <p className="px-5 py-4 text-sm text-slate-600">
        The model&apos;s policy had no gates when this evaluation was recorded: every evaluation passes it.
      </p>
    );
  }
  return (
    <ul aria-label="Gate results" className="divide-y divide-slate-100">
      {gates.map((g, i) => (
        <li key={`${g.gate}-${g.metric}-${i}`} className="flex flex-wrap items-start gap-x-3 gap-y-1 px-5 py-2.5 text-sm">
          <span className="w-20 shrink-0">{verdict(g)}</span>
          <span className="min-w-0 flex-1">
            <span className="block font-mono text-[13px] text-slate-900">{g.rule}</span>
            <span className="block text-slate-600">{g.message}</span>
          </span>
          {g.value !== null && <span className="shrink-0 text-xs text-slate-500 tabular-nums">value {formatNumber(g.value)}</span>}
        </li>
      ))}
    </ul>
  );
}
