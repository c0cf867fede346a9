import type { ReactNode } from "react";

/**
 * A chart's frame: title, caption (range, step, sample size) and the drawing, or a "no data"
 * panel of the same height so an empty series never reads as a line at zero.
 */
export function ChartFrame({
  title,
  caption,
  empty,
  emptyText = "No data in this range",
  height,
  testId,
  stats,
  children,
}: {
  title: ReactNode;
  caption: ReactNode;
  empty: boolean;
  emptyText?: ReactNode;
  height: number;
  testId?: string;
  /** data attributes describing what is drawn (series, points), for tests and tools */
  stats?: { series: string[]; points: number };
  children: ReactNode;
}) {
  return (
    <figure
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      data-testid={testId}
      data-series={stats?.series.join(",")}
      data-points={stats?.points}
      data-empty={empty ? "true" : "false"}
    >
      <figcaption className="mb-3">
        <div className="text-sm font-semibold text-slate-900">{title}</div>
        <div className="text-xs text-slate-500" data-testid={testId ? `${testId}-caption` : undefined}>
          {caption}
        </div>
      </figcaption>
      {empty ? (
        <div
          className="flex items-center justify-center rounded border border-dashed border-slate-200 bg-slate-50 text-sm text-slate-500"
          style={{ height }}
          role="status"
        >
          {emptyText}
        </div>
      ) : (
        <div style={{ height }}>{children}</div>
      )}
    </figure>
  );
}
