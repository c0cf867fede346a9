/**
 * How the drift page presents numbers: the heatmap colour of a PSI value, cell text, and the
 * chart series. Pure and client-safe; the charts only draw what these return.
 *
 * Colour: PSI 0 is green, psiWarn amber, psiAlert and above red (hue 140 → 45 → 0, linear in
 * between); cells that are not judged (too few events, no baseline) are grey. A cell raised to
 * alert by JS distance alone is drawn red too: the level decides the band, PSI the shade.
 */
import type { DriftCell, DriftCellDetail } from "./queries";
import { PREDICTION } from "./score";

type Thresholds = { psiWarn: number; psiAlert: number };

export function psiHue(psi: number, t: Thresholds): number {
  if (psi <= 0) return 140;
  if (psi < t.psiWarn) return 140 - (95 * psi) / t.psiWarn;
  if (psi < t.psiAlert) return 45 - (45 * (psi - t.psiWarn)) / (t.psiAlert - t.psiWarn);
  return 0;
}

export function cellColour(cell: Pick<DriftCell, "psi" | "level">, t: Thresholds): { background: string; color: string } {
  if (cell.psi === null) return { background: "#f1f5f9", color: "#64748b" };
  const hue = cell.level === "alert" ? 0 : psiHue(cell.psi, t);
  const lightness = cell.level === "alert" ? 72 : 86;
  return { background: `hsl(${hue.toFixed(0)} 85% ${lightness}%)`, color: "#0f172a" };
}

export function formatMetric(v: number | null): string {
  if (v === null) return "–";
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

export function cellText(cell: DriftCell): string {
  if (cell.level === "no_baseline") return "no baseline";
  if (cell.level === "too_few") return cell.sample === 0 ? "no data" : "too few";
  return formatMetric(cell.psi);
}

export const LEVEL_LABELS: Record<DriftCell["level"], string> = {
  ok: "stable",
  warn: "warn",
  alert: "alert",
  too_few: "too few events",
  no_baseline: "no baseline",
};

export function featureLabel(feature: string): string {
  return feature === PREDICTION ? "prediction (score)" : feature;
}

/** Bars for the baseline vs current chart, in percent; a side without data is null (no bar). */
export function histogramBars(detail: Pick<DriftCellDetail, "bins">): { label: string; baseline: number | null; current: number | null }[] {
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 100);
  return detail.bins.map((b) => ({ label: b.label, baseline: pct(b.baseline), current: pct(b.current) }));
}

/** PSI per hour; hours below the hourly minimum stay null, a gap in the line, never 0. */
export function psiSeries(detail: Pick<DriftCellDetail, "series">): { t: number; psi: number | null; sample: number }[] {
  return detail.series.map((p) => ({ t: Date.parse(p.t), psi: p.psi === null ? null : Math.round(p.psi * 1000) / 1000, sample: p.sample }));
}
