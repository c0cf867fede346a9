"use client";
import { useEffect } from "react";
import { usePlotArea, useXAxisScale, useYAxisScale } from "recharts";
import { markerRows, placeMarkers, placeThresholds } from "@/lib/telemetry/chart-labels";

export type AnnotationLine = { value: number; text: string; tone: "hard" | "soft"; kind?: "ceiling" | "floor" };
export type AnnotationMarker = { t: number; text: string };

const TONE = {
  hard: "fill-red-700 dark:fill-red-400",
  soft: "fill-amber-700 dark:fill-amber-400",
} as const;
/** a halo in the card's colour keeps the text readable where it crosses a line */
const HALO = "stroke-white [paint-order:stroke] [stroke-width:3px] [stroke-linejoin:round]";

/**
 * Threshold and step labels, drawn inside the chart where lib/telemetry/chart-labels.ts places
 * them (the lines themselves are recharts ReferenceLines). Reports how many rows of step labels
 * it needs above the plot, so the chart can make room.
 */
export function ChartAnnotations({
  lines,
  markers,
  onMarkerRows,
}: {
  lines: AnnotationLine[];
  markers: AnnotationMarker[];
  onMarkerRows: (rows: number) => void;
}) {
  const plot = usePlotArea();
  const x = useXAxisScale();
  const y = useYAxisScale();
  const steps =
    plot && x
      ? markers.flatMap((m) => {
          const px = x(m.t);
          return px === undefined || px < plot.x || px > plot.x + plot.width ? [] : [{ x: px, text: m.text }];
        })
      : [];
  const rows = plot ? markerRows(steps, plot).count : 0;
  useEffect(() => onMarkerRows(rows), [rows, onMarkerRows]);
  if (!plot || !x || !y) return null;
  const thresholds = lines.flatMap((l) => {
    const py = y(l.value);
    return py === undefined
      ? []
      : [{ y: py, text: l.text, tone: l.tone, side: l.kind === "floor" ? ("below" as const) : ("above" as const) }];
  });
  const placedSteps = placeMarkers(steps, plot);
  const placedLines = placeThresholds(thresholds, plot);
  return (
    <g className="chart-annotations" fontSize={11}>
      {placedSteps.map((p, i) => (
        <text key={`s-${i}`} x={p.x} y={p.y} textAnchor={p.anchor} className={`fill-slate-600 ${HALO}`} data-testid="chart-step-label">
          {steps[i]!.text}
        </text>
      ))}
      {placedLines.map((p, i) => (
        <text
          key={`t-${i}`}
          x={p.x}
          y={p.y}
          textAnchor={p.anchor}
          className={`${TONE[thresholds[i]!.tone]} ${HALO}`}
          data-testid="chart-threshold-label"
        >
          {thresholds[i]!.text}
        </text>
      ))}
    </g>
  );
}
