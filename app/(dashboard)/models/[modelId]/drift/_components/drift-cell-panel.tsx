"use client";
import { useQuery } from "@tanstack/react-query";
import { DriftHistogramChart } from "@/components/charts/drift-histogram-chart";
import { DriftPsiChart } from "@/components/charts/drift-psi-chart";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { driftCellQuery, type DriftSelection } from "@/lib/drift/client-queries";
import { featureLabel, formatMetric, histogramBars, LEVEL_LABELS, psiSeries } from "@/lib/drift/present";
import { formatCount } from "@/lib/format/numbers";

export function DriftCellPanel({ selection, tenant, feature }: { selection: DriftSelection; tenant: string; feature: string }) {
  const { data: d, error, isPending } = useQuery(driftCellQuery(selection, tenant, feature));
  const title = `${tenant} · ${featureLabel(feature)}`;
  if (!d) {
    return (
      <Card title={title}>
        {error ? <Alert tone="danger">{error.message}</Alert> : isPending ? <p className="text-sm text-slate-500">Loading…</p> : null}
      </Card>
    );
  }
  const c = d.cell;
  const stats: [string, string][] = [
    ["PSI", formatMetric(c.psi)],
    ["JS distance", formatMetric(c.js)],
    ["KS (binned)", c.ks === null ? (feature.startsWith("@") ? "–" : "n/a (categorical)") : formatMetric(c.ks)],
    ["Events", formatCount(c.sample)],
    ["Level", LEVEL_LABELS[c.level]],
  ];
  return (
    <Card title={title} description={`${d.baseline.label}. Current: the last ${d.window}${d.version ? `, version ${d.version}` : ""}.`}>
      <dl className="mb-4 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
        {stats.map(([k, v]) => (
          <div key={k}>
            <dt className="text-xs text-slate-500">{k}</dt>
            <dd className="font-mono tabular-nums text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
        <div>
          <h3 className="mb-1 text-sm font-medium text-slate-800">Baseline vs current (share of events per bin)</h3>
          <DriftHistogramChart bars={histogramBars(d)} title={`Baseline vs current histogram for ${title}`} />
        </div>
        <div>
          <h3 className="mb-1 text-sm font-medium text-slate-800">PSI per hour</h3>
          <DriftPsiChart
            points={psiSeries(d)}
            psiWarn={d.thresholds.psiWarn}
            psiAlert={d.thresholds.psiAlert}
            title={`PSI over time for ${title}`}
          />
          <p className="mt-1 text-xs text-slate-500">Hours with fewer than {d.minHourSample} events are gaps.</p>
        </div>
      </div>
    </Card>
  );
}
