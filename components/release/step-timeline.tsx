import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/cx";
import { RelativeTime } from "@/components/ui/relative-time";
import type { StepView } from "@/lib/rollout/queries";
import { formatPercent } from "@/lib/format/numbers";

const STATUS: Record<StepView["status"], { label: string; tone: "success" | "warning" | "neutral" | "muted" }> = {
  done: { label: "Done", tone: "success" },
  current: { label: "Current", tone: "warning" },
  pending: { label: "Pending", tone: "neutral" },
  skipped: { label: "Skipped", tone: "muted" },
};

/**
 * The rollout's ramp, one card per step: its percent, when the candidate reached it, its bake
 * time and (for the current step) when the bake ends — the moment it may advance. The current
 * step is highlighted and marked `aria-current="step"`. Steps after an early end (promoted,
 * rolled back, aborted) read "Skipped".
 */
export function StepTimeline({ steps, bakeMinutes, state, mode }: { steps: StepView[]; bakeMinutes: number; state: string; mode: string }) {
  if (steps.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        {mode === "shadow" && state !== "idle"
          ? "A shadow has no steps: it serves nobody, so it is promoted or discarded."
          : "No rollout has run yet: approving a version starts one at its first step."}
      </p>
    );
  }
  const paused = state === "paused";
  return (
    <ol aria-label="Rollout steps" className="grid grid-cols-2 gap-3 sm:auto-cols-fr sm:grid-flow-col sm:grid-cols-none">
      {steps.map((step) => {
        const current = step.status === "current";
        const status = STATUS[step.status];
        return (
          <li
            key={step.index}
            aria-current={current ? "step" : undefined}
            data-testid={`step-${step.index + 1}`}
            className={cx(
              "relative rounded-lg border px-3.5 py-3 text-sm",
              current ? "border-amber-300 bg-amber-50 ring-2 ring-amber-200" : "border-slate-200 bg-white",
              // dashed, not faded: a skipped step's words keep their contrast
              step.status === "skipped" && "border-dashed",
            )}
          >
            <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
              <span className="text-xs font-medium tracking-wide text-slate-500 uppercase">
                Step {step.index + 1} of {steps.length}
              </span>
              <Badge tone={status.tone}>{current && paused ? "Paused here" : status.label}</Badge>
            </div>
            <p className="mt-1 text-xl font-semibold text-slate-900 tabular-nums">{formatPercent(step.percent)}</p>
            <dl className="mt-1.5 space-y-0.5 text-xs text-slate-600">
              <div className="flex gap-1">
                <dt>Started</dt>
                <dd>{step.startedAt ? <RelativeTime date={step.startedAt} /> : "—"}</dd>
              </div>
              <div className="flex gap-1">
                <dt>Bake</dt>
                <dd>{bakeMinutes} min</dd>
              </div>
              {current && (
                <div className="flex gap-1">
                  <dt>{paused ? "Bake" : "Bake ends"}</dt>
                  <dd>{paused ? "restarts on resume" : step.bakeEndsAt ? <RelativeTime date={step.bakeEndsAt} /> : "—"}</dd>
                </div>
              )}
            </dl>
          </li>
        );
      })}
    </ol>
  );
}
