"use client";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { cx } from "@/components/ui/cx";
import { driftPageHref, type DriftSelection } from "@/lib/drift/client-queries";
import { cellColour, cellText, featureLabel, formatMetric, LEVEL_LABELS } from "@/lib/drift/present";
import type { DriftCell, DriftHeatmap } from "@/lib/drift/queries";
import { formatCount } from "@/lib/format/numbers";

export function DriftHeatmapTable({
  map,
  selection,
  cell,
}: {
  map: DriftHeatmap;
  selection: DriftSelection;
  cell: { tenant: string; feature: string } | null;
}) {
  if (map.features.length === 0) {
    return (
      <div className="p-6">
        <EmptyState title="No drift features">
          {map.referenceVersion
            ? `The manifest of ${map.referenceVersion} declares no features, so there is nothing to bin.`
            : "No version of this model declares features in its manifest."}{" "}
          Add <code>features</code> (bins or categories, with baseline counts when you have them) to the manifest.
        </EmptyState>
      </div>
    );
  }
  if (map.tenants.length === 0) {
    return (
      <div className="p-6">
        <EmptyState title="No traffic in this window">
          No telemetry with <code>features</code> arrived in the last {map.window}
          {selection.version ? ` for ${selection.version}` : ""}. Inference services send them with each event.
        </EmptyState>
      </div>
    );
  }
  const t = map.thresholds;
  const renderCell = (tenant: string, c: DriftCell) => {
    const open = cell?.tenant === tenant && cell.feature === c.feature;
    const label = `${tenant} ${featureLabel(c.feature)}: ${c.psi === null ? LEVEL_LABELS[c.level] : `PSI ${formatMetric(c.psi)}, ${LEVEL_LABELS[c.level]}`}, ${formatCount(c.sample)} events`;
    return (
      <td key={c.feature} className="p-0.5">
        <Link
          href={driftPageHref(selection, { tenant, feature: c.feature })}
          scroll={false}
          // a heatmap holds dozens of cells, each a full render of this page: fetched on a click, not in advance
          prefetch={false}
          aria-label={label}
          aria-current={open ? "true" : undefined}
          title={c.psi === null ? label : `${label}; JS ${formatMetric(c.js)}${c.ks === null ? "" : `, KS ${formatMetric(c.ks)}`}`}
          className={cx(
            "block rounded px-2 py-2 text-center font-mono text-[13px] tabular-nums",
            open && "ring-2 ring-brand-600 ring-offset-1",
          )}
          style={cellColour(c, t)}
        >
          {cellText(c)}
        </Link>
      </td>
    );
  };
  return (
    <div className="overflow-x-auto">
      <table
        className="w-full min-w-[40rem] border-separate border-spacing-0 text-sm"
        aria-label="Drift heatmap: PSI per tenant and feature"
      >
        <thead>
          <tr className="text-left text-xs font-medium text-slate-500">
            <th scope="col" className="px-4 py-2">
              Tenant
            </th>
            <th scope="col" className="px-2 py-2">
              Worst PSI
            </th>
            {map.features.map((f) => (
              <th key={f.name} scope="col" className="px-2 py-2 text-center" title={f.baseline.label}>
                <span className="font-mono text-slate-700">{f.name}</span>
                {f.baseline.source !== "manifest" && (
                  <span className="block font-normal text-slate-500">
                    {f.baseline.source === "traffic" ? "traffic baseline" : "no baseline"}
                  </span>
                )}
              </th>
            ))}
            <th scope="col" className="border-l border-slate-200 px-2 py-2 text-center" title={map.prediction.baseline.label}>
              Prediction drift
              <span className="block font-normal text-slate-500">score</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {map.tenants.map((row) => (
            <tr key={row.tenant} className="border-t border-slate-100">
              <th scope="row" className="px-4 py-1 text-left font-medium text-slate-900">
                {row.tenant}
              </th>
              <td className="px-2 py-1 font-mono text-[13px] tabular-nums text-slate-700" data-testid="worst-psi">
                {row.worst ? (
                  <>
                    {formatMetric(row.worst.psi)} <span className="font-sans text-xs text-slate-500">{row.worst.feature}</span>
                  </>
                ) : (
                  <span className="font-sans text-xs text-slate-500">not judged</span>
                )}
              </td>
              {row.cells.map((c) => renderCell(row.tenant, c))}
              {renderCell(row.tenant, row.prediction)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
