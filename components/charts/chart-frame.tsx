"use client";
import { useId, useState, type ReactNode } from "react";

export type LegendEntry = { key: string; label: string; color: string; dashed?: boolean };
/** The same data as the drawing, for screen readers and for reading exact values. */
export type ChartTable = { head: string[]; rows: { key: string; cells: string[] }[] };

/**
 * A chart's frame: title, caption (range, step, sample size, how much of the range has data),
 * legend, and the drawing, or a "no data" panel of the same height so an empty series never
 * reads as a line at zero. The figure is named by its title; the drawing is an image described
 * by its title and series, and "Show as table" gives the same numbers as a table.
 */
export function ChartFrame({
  title,
  caption,
  coverage,
  empty,
  emptyText = "No data in this range",
  height,
  testId,
  stats,
  legend = [],
  table,
  bare = false,
  children,
}: {
  title: string;
  caption?: ReactNode;
  /** "Data for 3 h of the 24 h shown" when only part of the range has data */
  coverage?: string | null;
  empty: boolean;
  emptyText?: ReactNode;
  height: number;
  testId?: string;
  /** data attributes describing what is drawn (series, points), for tests and tools */
  stats?: { series: string[]; points: number };
  legend?: LegendEntry[];
  table?: ChartTable;
  /** inside a card that already heads it: no frame of its own, the title only as the figure's name */
  bare?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const [tableShown, setTableShown] = useState(false);
  const described = legend.length ? `${title}: ${legend.map((l) => l.label).join(", ")}` : title;
  return (
    <figure
      className={bare ? "min-w-0" : "min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"}
      aria-labelledby={bare ? undefined : `${id}-title`}
      aria-label={bare ? title : undefined}
      data-testid={testId}
      data-series={stats?.series.join(",")}
      data-points={stats?.points}
      data-empty={empty ? "true" : "false"}
    >
      <figcaption className={`flex flex-wrap items-start justify-between gap-x-4 gap-y-1 ${bare ? "mb-1" : "mb-3"}`}>
        <div className="min-w-0">
          {!bare && (
            <div id={`${id}-title`} className="text-sm font-semibold text-slate-900">
              {title}
            </div>
          )}
          {caption && (
            <div className="text-xs text-slate-500" data-testid={testId ? `${testId}-caption` : undefined}>
              {caption}
            </div>
          )}
          {coverage && !empty && (
            <div className="text-xs font-medium text-amber-700 dark:text-amber-400" data-testid={testId ? `${testId}-coverage` : undefined}>
              {coverage}
            </div>
          )}
        </div>
        {table && !empty && (
          <button
            type="button"
            className="shrink-0 rounded border border-slate-200 px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50"
            aria-expanded={tableShown}
            aria-controls={`${id}-table`}
            onClick={() => setTableShown((s) => !s)}
          >
            {tableShown ? "Hide table" : "Show as table"}
          </button>
        )}
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
        <>
          <div role="img" aria-label={described} style={{ height }}>
            {children}
          </div>
          {legend.length > 0 && <Legend entries={legend} />}
        </>
      )}
      {table && !empty && tableShown && <DataTable id={`${id}-table`} title={title} table={table} />}
    </figure>
  );
}

function Legend({ entries }: { entries: LegendEntry[] }) {
  return (
    <ul className="mt-2 flex flex-wrap justify-center gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend">
      {entries.map((e) => (
        <li key={e.key} className="flex items-center gap-1.5" data-testid="legend-item" data-key={e.key}>
          <span
            aria-hidden
            data-testid="legend-swatch"
            className="inline-block w-4"
            style={{ borderTopWidth: 3, borderTopStyle: e.dashed ? "dashed" : "solid", borderTopColor: e.color }}
          />
          {e.label}
        </li>
      ))}
    </ul>
  );
}

function DataTable({ id, title, table }: { id: string; title: string; table: ChartTable }) {
  return (
    <div id={id} className="mt-3 max-h-72 overflow-auto rounded border border-slate-200">
      <table className="min-w-full text-xs">
        <caption className="sr-only">{title}</caption>
        <thead className="sticky top-0 bg-slate-50">
          <tr>
            {table.head.map((h, i) => (
              <th key={i} scope="col" className={`px-3 py-1.5 font-semibold text-slate-600 ${i === 0 ? "text-left" : "text-right"}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="px-3 py-1 text-left font-normal whitespace-nowrap text-slate-700 tabular-nums">
                    {c}
                  </th>
                ) : (
                  <td key={i} className="px-3 py-1 text-right text-slate-900 tabular-nums">
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
