import { cx } from "@/components/ui/cx";
import { formatPercent } from "@/lib/format/numbers";
import { prepareSplit, type SplitInput, type SplitRole } from "./split";

const FILL: Record<SplitRole | "shadow", string> = {
  stable: "bg-emerald-500",
  candidate: "bg-amber-400",
  shadow: "bg-violet-400",
};

const ROLE_LABEL: Record<SplitRole | "shadow", string> = { stable: "Stable", candidate: "Candidate", shadow: "Shadow" };

/**
 * The traffic split as a bar: stable and candidate side by side (their widths are the percent of
 * routing keys each serves), a shadow as a separate thin bar (the share of requests copied to it),
 * and a legend that says the same in words — the legend carries the meaning, the colours only
 * reinforce it. Server- and client-renderable; no data access.
 */
export function SplitBar({ className, compact = false, ...input }: SplitInput & { className?: string; compact?: boolean }) {
  const view = prepareSplit(input);
  return (
    <figure className={cx("min-w-0", className)} data-testid="split">
      <div
        role="img"
        aria-label={view.summary}
        title={view.summary}
        className={cx("flex w-full overflow-hidden rounded-md bg-slate-100 ring-1 ring-slate-200 ring-inset", compact ? "h-2" : "h-9")}
      >
        {view.segments.map((s) => (
          <div
            key={s.role}
            style={{ width: `${s.percent}%` }}
            className={cx(
              "flex items-center justify-center overflow-hidden text-xs font-semibold text-ink tabular-nums transition-[width] duration-500",
              FILL[s.role],
            )}
          >
            {!compact && s.percent >= 8 ? formatPercent(s.percent) : null}
          </div>
        ))}
      </div>
      {view.shadow && (
        <div aria-hidden className={cx("mt-1 w-full overflow-hidden rounded-sm bg-slate-100", compact ? "h-1" : "h-2")}>
          <div
            style={{ width: `${view.shadow.percent}%` }}
            className={cx("h-full bg-[repeating-linear-gradient(45deg,transparent_0_4px,rgb(255_255_255/0.5)_4px_8px)]", FILL.shadow)}
          />
        </div>
      )}
      {!compact && (
        <figcaption>
          <ul className="mt-3 flex flex-wrap gap-x-6 gap-y-2 text-sm">
            {view.segments.length === 0 && <li className="text-slate-500">{view.summary}</li>}
            {view.segments.map((s) => (
              <li key={s.role} data-testid={`split-${s.role}`} className="flex items-center gap-2">
                <span aria-hidden className={cx("h-3 w-3 rounded-sm", FILL[s.role])} />
                <span className="text-slate-600">{ROLE_LABEL[s.role]}</span>{" "}
                <span className="font-mono text-[13px] font-medium text-slate-900">{s.version}</span>{" "}
                <span className="font-semibold text-slate-900 tabular-nums">{formatPercent(s.percent)}</span>
              </li>
            ))}
            {view.shadow && (
              <li data-testid="split-shadow" className="flex items-center gap-2">
                <span aria-hidden className={cx("h-3 w-3 rounded-sm", FILL.shadow)} />
                <span className="text-slate-600">Shadow</span>{" "}
                <span className="font-mono text-[13px] font-medium text-slate-900">{view.shadow.version}</span>{" "}
                <span className="text-slate-700">
                  copy of <span className="font-semibold tabular-nums">{formatPercent(view.shadow.percent)}</span> of requests, serves
                  nobody
                </span>
              </li>
            )}
          </ul>
        </figcaption>
      )}
    </figure>
  );
}
