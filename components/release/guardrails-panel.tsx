"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { DateTime } from "@/components/ui/date-time";
import { evaluateNowAction } from "@/lib/guardrails/actions";
import { releaseQuery } from "@/lib/query";
import type { Check } from "@/lib/guardrails/decide";
import { describeCheck } from "@/lib/guardrails/decide";
import type { DecisionView } from "@/lib/guardrails/queries";
import { watchingAt, type GuardrailWatch } from "@/lib/guardrails/watch";

/** The decision list is polled this often (a quiet canary refreshes its numbers without a move). */
const POLL_MS = 5000;

const OUTCOME_STYLE: Record<string, string> = {
  waiting: "bg-slate-100 text-slate-700",
  healthy: "bg-emerald-50 text-emerald-800",
  advance: "bg-emerald-50 text-emerald-800",
  complete: "bg-emerald-50 text-emerald-800",
  hold: "bg-amber-50 text-amber-800",
  rollback: "bg-red-50 text-red-800",
};

/**
 * Why the release advanced, is holding or rolled back: the guardrails' latest decision with
 * every check's value, threshold and sample, and the decisions that changed something.
 *
 * The latest decision is shown as the current verdict only while the guardrails watch the
 * release and the decision was made on the release as it is now (its epoch). After a move they
 * did not make (a rollback, abort or promotion by a person) or once nothing is watched, the page
 * says what is watched, and the last decision is history: "Last decision at <time>: …".
 */
export function GuardrailsPanel({ modelKey, canEvaluate }: { modelKey: string; canEvaluate: boolean }) {
  const queryClient = useQueryClient();
  // the release page keeps this query live; a new epoch (a move) refetches the decisions at once
  const release = useQuery(releaseQuery(modelKey)).data;
  const epoch = release?.epoch ?? 0;
  const watch = release?.guardrails ?? null;
  const now = useClock(watch?.until ?? null);
  const key = ["guardrail-decisions", modelKey, epoch];
  const { data, error } = useQuery({
    queryKey: key,
    queryFn: async (): Promise<DecisionView[]> => {
      const res = await fetch(`/api/v1/models/${encodeURIComponent(modelKey)}/release/decisions?limit=20`, { cache: "no-store" });
      if (!res.ok) throw new Error(`The guardrail decisions could not be loaded (HTTP ${res.status}).`);
      return ((await res.json()) as { decisions: DecisionView[] }).decisions;
    },
    refetchInterval: POLL_MS,
  });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const latest = data?.[0];
  const watching = watch ? watchingAt(watch, now) : true;
  const current = latest && watching && latest.epoch === epoch ? latest : null;
  const past = latest && !current ? latest : null;

  const onEvaluate = async () => {
    setBusy(true);
    setMessage(null);
    const r = await evaluateNowAction({ modelKey });
    setBusy(false);
    // the loop may record the same decision a moment later; the admin sees that their click ran
    setMessage(r.ok ? { ok: true, text: `Evaluated now: ${r.data.outcome} — ${r.data.reason}` } : { ok: false, text: r.error.message });
    await queryClient.invalidateQueries({ queryKey: ["guardrail-decisions", modelKey] });
  };

  return (
    <Card
      title="Guardrails"
      id="guardrails"
      description="Checked as the candidate's telemetry arrives, and every few seconds, against its window since its step began. Comparisons with stable are sequential tests that act once confident, even below the policy's minimum sample; the fixed limits read the newest minutes."
    >
      <div data-testid="guardrails-panel" className="space-y-4 text-sm">
        {error && <p className="text-red-700">{(error as Error).message}</p>}
        {/* what is watched is said whether or not a decision on it exists yet, so the line does
            not vanish the moment the loop records one */}
        {watch && (
          <p className="font-medium text-slate-800" data-testid="guardrail-watch" data-watching={watching ? watch.watching : "none"}>
            {watchSentence(watch, watching)}
            {watching && latest && !current ? " No evaluation since the last move yet." : ""}
          </p>
        )}
        {!latest ? (
          <p className="text-slate-600">
            No guardrail decision yet: the guardrails evaluate a release while a candidate rolls out and after a promotion.
          </p>
        ) : current ? (
          <>
            <div
              className={`rounded-md px-3 py-2 ${OUTCOME_STYLE[current.outcome] ?? ""}`}
              data-testid="guardrail-latest"
              data-outcome={current.outcome}
              data-current="true"
            >
              <p className="font-medium">{current.reason}</p>
              <p className="mt-1 text-xs opacity-80">
                {sampleLine(current)} · <RelativeTime date={current.at} />
              </p>
            </div>
            {current.checks.length > 0 && <ChecksTable checks={current.checks} />}
          </>
        ) : (
          past && (
            <>
              <div
                className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-slate-700"
                data-testid="guardrail-latest"
                data-outcome={past.outcome}
                data-current="false"
              >
                <p>
                  <span className="font-medium">
                    Last decision at <DateTime value={past.at} />:
                  </span>{" "}
                  {past.reason}
                </p>
                <p className="mt-1 text-xs opacity-80">
                  {sampleLine(past)} · <RelativeTime date={past.at} />
                </p>
              </div>
              {past.checks.length > 0 && <ChecksTable checks={past.checks} />}
            </>
          )
        )}
        {canEvaluate && (
          <div className="flex items-center gap-3">
            <button
              type="button"
              onClick={onEvaluate}
              disabled={busy}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-50"
            >
              {busy ? "Evaluating…" : "Evaluate now"}
            </button>
            {message && (
              <span role="status" data-testid="evaluate-now-result" className={message.ok ? "text-slate-700" : "text-red-700"}>
                {message.text}
              </span>
            )}
          </div>
        )}
        {data && data.length > 1 && (
          <details>
            <summary className="cursor-pointer text-slate-600">Decision history ({data.length - 1} earlier)</summary>
            <ol className="mt-2 space-y-2" data-testid="guardrail-history">
              {data.slice(1).map((d) => (
                <li key={d.id} className="border-l-2 border-slate-200 pl-3">
                  <span className="font-medium">{d.outcome}</span> — {d.reason}
                  <span className="block text-xs text-slate-500">
                    {sampleLine(d)} · <RelativeTime date={d.at} />
                  </span>
                </li>
              ))}
            </ol>
          </details>
        )}
      </div>
    </Card>
  );
}

/** What is watched now; a post-promotion watch whose time is up has ended, move or not. */
function watchSentence(watch: GuardrailWatch, watching: boolean): string {
  if (watching || watch.watching === null) return watch.sentence;
  return `Nothing is watched: ${watch.version ?? "the stable version"}'s post-promotion watch has ended.`;
}

/** The clock, re-read every few seconds while a watch has an end time (so it ends on screen too). */
function useClock(until: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const t = setInterval(() => setNow(Date.now()), POLL_MS);
    return () => clearInterval(t);
  }, [until]);
  return now;
}

function sampleLine(d: DecisionView): string {
  const s = d.sample;
  if (!s) return `epoch ${d.epoch}`;
  const parts = [`${s.phase === "canary" ? "candidate" : "watched"} ${s.candidate.version}: ${s.candidate.requests} requests`];
  if (s.stable) parts.push(`stable ${s.stable.version}: ${s.stable.requests} requests`);
  parts.push(`minimum ${s.minSample}`);
  return parts.join(" · ");
}

function ChecksTable({ checks }: { checks: Check[] }) {
  return (
    <table className="w-full text-left text-xs" data-testid="guardrail-checks">
      <thead className="text-slate-500">
        <tr>
          <th className="py-1 pr-2 font-medium">Check</th>
          <th className="py-1 pr-2 font-medium">Severity</th>
          <th className="py-1 font-medium">Result</th>
        </tr>
      </thead>
      <tbody>
        {checks.map((c) => (
          <tr key={c.name} className="border-t border-slate-100" data-check={c.name} data-passed={c.passed}>
            <td className="py-1 pr-2">
              {describeCheck(c)}
              {c.query && <code className="mt-0.5 block font-mono text-[11px] break-all text-slate-500">{c.query}</code>}
            </td>
            <td className="py-1 pr-2">{c.severity}</td>
            <td className={`py-1 font-medium ${c.passed ? "text-emerald-700" : "text-red-700"}`}>{c.passed ? "pass" : "fail"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
