/**
 * Where a chart's annotation labels go so none covers another:
 *
 * - Step markers (vertical lines) are labelled in a band above the plot, each just right of
 *   its line (left of it near the right edge); a label that would run into the previous one on
 *   its row moves up a row. The band is as tall as the rows used.
 * - Thresholds (horizontal lines) are labelled inside the plot at its right edge, on the side of
 *   their line away from the data (above a ceiling, below a floor), or on the other side when
 *   that space is taken or outside the plot; labels that still
 *   collide move a line further away at a time until they fit.
 *
 * The two groups live in different bands (above the plot, inside it), so a step label never
 * meets a threshold label. Text width is estimated from its length (11 px sans-serif).
 */

export type PlotBox = { x: number; y: number; width: number; height: number };
export type PlacedLabel = { x: number; /** baseline */ y: number; anchor: "start" | "end"; width: number };

export const LABEL_LINE = 14;
const CHAR_WIDTH = 6.2;
const GAP = 6;
const PAD = 4;

export const labelWidth = (text: string) => Math.ceil(text.length * CHAR_WIDTH);

/** The height of a label's box above and below its baseline (descenders included). */
const box = (l: PlacedLabel) => ({
  left: l.anchor === "start" ? l.x : l.x - l.width,
  right: l.anchor === "start" ? l.x + l.width : l.x,
  top: l.y - LABEL_LINE + 3,
  bottom: l.y + 3,
});

export function overlaps(a: PlacedLabel, b: PlacedLabel): boolean {
  const p = box(a);
  const q = box(b);
  return p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom;
}

/** Step labels by x: the row (0 = nearest the plot) for each, and how many rows are used. */
export function markerRows(markers: readonly { x: number; text: string }[], plot: PlotBox): { rows: number[]; count: number } {
  const order = markers.map((m, i) => ({ ...m, i })).sort((a, b) => a.x - b.x);
  const rowEnds: number[] = [];
  const rows: number[] = new Array<number>(markers.length).fill(0);
  for (const m of order) {
    const { left, right } = markerSpan(m, plot);
    let row = rowEnds.findIndex((end) => end + GAP <= left);
    if (row === -1) row = rowEnds.push(right) - 1;
    else rowEnds[row] = right;
    rows[m.i] = row;
  }
  return { rows, count: rowEnds.length };
}

function markerSpan(m: { x: number; text: string }, plot: PlotBox) {
  const width = labelWidth(m.text);
  const start = m.x + 3 + width <= plot.x + plot.width;
  return start
    ? { left: m.x + 3, right: m.x + 3 + width, anchor: "start" as const, width }
    : { left: m.x - 3 - width, right: m.x - 3, anchor: "end" as const, width };
}

/** Step labels stacked in rows above the plot. */
export function placeMarkers(markers: readonly { x: number; text: string }[], plot: PlotBox): PlacedLabel[] {
  const { rows } = markerRows(markers, plot);
  return markers.map((m, i) => {
    const span = markerSpan(m, plot);
    return {
      x: span.anchor === "start" ? span.left : span.right,
      y: plot.y - PAD - rows[i]! * LABEL_LINE,
      anchor: span.anchor,
      width: span.width,
    };
  });
}

/** Threshold labels at the plot's right edge, each next to its line, none over another. */
/** `side`: where the label goes first: above a ceiling, below a floor (the data is on the other side). */
export function placeThresholds(lines: readonly { y: number; text: string; side?: "above" | "below" }[], plot: PlotBox): PlacedLabel[] {
  const x = plot.x + plot.width - PAD;
  const top = plot.y + LABEL_LINE - 3;
  const bottom = plot.y + plot.height - 3;
  const placed: PlacedLabel[] = new Array<PlacedLabel>(lines.length);
  const taken: PlacedLabel[] = [];
  const order = lines.map((l, i) => ({ ...l, i })).sort((a, b) => a.y - b.y);
  for (const l of order) {
    const width = labelWidth(l.text);
    const at = (y: number): PlacedLabel => ({ x, y, anchor: "end", width });
    // next to the line first (above, then below), then ever further from it, inside the plot
    const slots = l.side === "below" ? [l.y + LABEL_LINE - 1, l.y - PAD] : [l.y - PAD, l.y + LABEL_LINE - 1];
    for (let k = 1; k * LABEL_LINE < plot.height; k++) slots.push(l.y - PAD - k * LABEL_LINE, l.y + LABEL_LINE - 1 + k * LABEL_LINE);
    const inside = slots.filter((y) => y >= top && y <= bottom).map(at);
    const label = inside.find((c) => !taken.some((t) => overlaps(c, t))) ?? at(Math.min(Math.max(l.y - PAD, top), bottom));
    taken.push(label);
    placed[l.i] = label;
  }
  return placed;
}
