/**
 * What the split bar draws, prepared from the release DTO so the component only draws.
 * Percentages are of routing keys (README → Routing for inference services), 0..100; a side at 0 % is not drawn. A shadow
 * serves nobody: it is drawn apart from the serving bar, as the share of requests copied to it.
 */
import { formatPercent } from "@/lib/format/numbers";

export type SplitRole = "stable" | "candidate";

export type SplitSegment = { role: SplitRole; version: string; percent: number };

export type SplitView = {
  /** the serving sides, stable first; their percents add up to 100 when anything serves */
  segments: SplitSegment[];
  shadow: { version: string; percent: number } | null;
  /** one sentence for screen readers and the bar's tooltip */
  summary: string;
};

export type SplitInput = {
  split: { stable: number; candidate: number; shadow: number };
  stable: { version: string } | null;
  candidate: { version: string } | null;
};

export function prepareSplit({ split, stable, candidate }: SplitInput): SplitView {
  const segments: SplitSegment[] = [];
  if (stable && split.stable > 0) segments.push({ role: "stable", version: stable.version, percent: split.stable });
  if (candidate && split.candidate > 0) segments.push({ role: "candidate", version: candidate.version, percent: split.candidate });
  const shadow = candidate && split.shadow > 0 ? { version: candidate.version, percent: split.shadow } : null;

  const parts = segments.map((s) => `${s.version} (${s.role}) serves ${formatPercent(s.percent)}`);
  let summary = parts.length === 0 ? "Nothing serves yet: no version has been approved for production." : `${parts.join("; ")}.`;
  if (shadow) summary += ` ${shadow.version} (shadow) receives a copy of ${formatPercent(shadow.percent)} of requests and serves nobody.`;
  return { segments, shadow, summary };
}
