"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { driftHeatmapQuery, driftPageHref, type DriftSelection } from "@/lib/drift/client-queries";
import type { DriftWindow } from "@/lib/drift/queries";
import { formatCount } from "@/lib/format/numbers";
import { DriftCellPanel } from "./drift-cell-panel";
import { DriftHeatmapTable } from "./drift-heatmap-table";

const WINDOWS: { id: DriftWindow; label: string }[] = [
  { id: "1h", label: "1 h" },
  { id: "24h", label: "24 h" },
  { id: "7d", label: "7 d" },
];

export function DriftBoard({ selection, cell }: { selection: DriftSelection; cell: { tenant: string; feature: string } | null }) {
  const router = useRouter();
  const { data: map, error } = useQuery(driftHeatmapQuery(selection));
  if (!map) return error ? <Alert tone="danger">{error.message}</Alert> : null;
  const t = map.thresholds;
  const baselines = [...new Set(map.features.map((f) => f.baseline.label))];

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <nav aria-label="Window" className="inline-flex rounded-md border border-slate-300 bg-white text-sm shadow-sm">
          {WINDOWS.map((w) => (
            <Link
              key={w.id}
              href={driftPageHref({ ...selection, window: w.id }, cell)}
              aria-current={w.id === selection.window ? "page" : undefined}
              className={cx(
                "px-3 py-1.5 first:rounded-l-md last:rounded-r-md",
                w.id === selection.window ? "bg-brand-600 font-medium text-white" : "text-slate-700 hover:bg-slate-50",
              )}
            >
              {w.label}
            </Link>
          ))}
        </nav>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          Version
          <select
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm"
            value={selection.version ?? ""}
            onChange={(e) => router.push(driftPageHref({ ...selection, version: e.target.value || null }))}
          >
            <option value="">All versions{map.referenceVersion ? ` (bins of ${map.referenceVersion})` : ""}</option>
            {map.versions.map((v) => (
              <option key={v} value={v}>
                {v}
                {v === map.stableVersion ? " (stable)" : ""}
              </option>
            ))}
          </select>
        </label>
      </div>

      {map.policyInvalid && (
        <Alert tone="warning">
          The model&apos;s stored policy is invalid, so the default drift thresholds are shown and the drift watch sends no alerts for it.
          An admin can fix it on the Settings tab.
        </Alert>
      )}

      <Card
        title="Drift by tenant"
        description={
          <>
            Method: <strong>PSI</strong> (population stability index) of each tenant&apos;s inputs in the last {map.window} against the
            baseline; tenants are sorted by their worst feature. Inputs: {baselines.join("; ") || "no features"}. Prediction drift:{" "}
            {map.prediction.baseline.label}.
          </>
        }
        flush
      >
        <Legend psiWarn={t.psiWarn} psiAlert={t.psiAlert} jsAlert={t.jsAlert} minSample={t.minSample} />
        <DriftHeatmapTable map={map} selection={selection} cell={cell} />
      </Card>

      {cell && <DriftCellPanel selection={selection} tenant={cell.tenant} feature={cell.feature} />}
    </div>
  );
}

function Legend({ psiWarn, psiAlert, jsAlert, minSample }: { psiWarn: number; psiAlert: number; jsAlert: number; minSample: number }) {
  const swatch = (style: string) => (
    <span aria-hidden className="inline-block h-3 w-5 rounded-sm align-middle" style={{ background: style }} />
  );
  return (
    <div
      className="flex flex-wrap items-center gap-x-5 gap-y-1 border-b border-slate-200 px-4 py-2 text-xs text-slate-600"
      aria-label="Legend"
    >
      <span>
        {swatch("hsl(140 85% 86%)")} PSI &lt; {psiWarn}: stable
      </span>
      <span>
        {swatch("hsl(45 85% 86%)")} {psiWarn}–{psiAlert}: warn
      </span>
      <span>
        {swatch("hsl(0 85% 72%)")} ≥ {psiAlert} (or JS ≥ {jsAlert}): alert
      </span>
      <span>
        {swatch("#f1f5f9")} fewer than {formatCount(minSample)} events: too few
      </span>
    </div>
  );
}
