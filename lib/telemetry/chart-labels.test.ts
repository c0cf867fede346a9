import { describe, expect, it } from "vitest";
import { LABEL_LINE, markerRows, overlaps, placeMarkers, placeThresholds, type PlacedLabel } from "./chart-labels";

const plot = { x: 64, y: 40, width: 600, height: 180 };

function noneOverlap(labels: PlacedLabel[]) {
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) expect(overlaps(labels[i]!, labels[j]!), `${i} and ${j}`).toBe(false);
}

describe("placeMarkers", () => {
  it("keeps labels of steps far apart on one row, just above the plot", () => {
    const placed = placeMarkers(
      [
        { x: 100, text: "5 %" },
        { x: 300, text: "25 %" },
        { x: 500, text: "50 %" },
      ],
      plot,
    );
    expect(placed.map((p) => p.y)).toEqual([36, 36, 36]);
    expect(placed.map((p) => p.anchor)).toEqual(["start", "start", "start"]);
  });

  it("moves a label that would run into its neighbour up a row", () => {
    const markers = [
      { x: 100, text: "5 %" },
      { x: 110, text: "10 %" },
      { x: 118, text: "25 %" },
      { x: 300, text: "50 %" },
    ];
    expect(markerRows(markers, plot)).toEqual({ rows: [0, 1, 2, 0], count: 3 });
    const placed = placeMarkers(markers, plot);
    noneOverlap(placed);
    expect(placed.every((p) => p.y < plot.y)).toBe(true);
  });

  it("labels a step at the right edge on the left of its line, inside the chart", () => {
    const [p] = placeMarkers([{ x: plot.x + plot.width - 2, text: "100 %" }], plot);
    expect(p!.anchor).toBe("end");
    expect(p!.x).toBeLessThanOrEqual(plot.x + plot.width);
  });
});

describe("placeThresholds", () => {
  it("puts a lone label above its line at the right of the plot", () => {
    const [p] = placeThresholds([{ y: 150, text: "limit 800 ms: 800 ms" }], plot);
    expect(p).toMatchObject({ anchor: "end", x: plot.x + plot.width - 4, y: 146 });
  });

  it("puts a floor's label below its line, away from the data above it", () => {
    const [p] = placeThresholds([{ y: 150, text: "accuracy ≥ 0.8", side: "below" }], plot);
    expect(p!.y).toBeGreaterThan(150);
  });

  it("puts the label below its line when the line is at the top of the plot", () => {
    const [p] = placeThresholds([{ y: plot.y + 2, text: "limit" }], plot);
    expect(p!.y).toBeGreaterThan(plot.y + 2);
    expect(p!.y - LABEL_LINE + 3).toBeGreaterThanOrEqual(plot.y);
  });

  it("separates two lines close together: one label above, one below", () => {
    const placed = placeThresholds(
      [
        { y: 120, text: "1.5× stable p95: 450 ms" },
        { y: 124, text: "limit 460 ms: 460 ms" },
      ],
      plot,
    );
    noneOverlap(placed);
    expect(placed[0]!.y).toBeLessThan(120);
    expect(placed[1]!.y).toBeGreaterThan(124);
  });

  it("stacks three labels on the same line without overlap, inside the plot", () => {
    const placed = placeThresholds(
      [
        { y: 100, text: "a threshold" },
        { y: 100, text: "another threshold" },
        { y: 101, text: "a third one" },
      ],
      plot,
    );
    noneOverlap(placed);
    for (const p of placed) expect(p.y).toBeLessThanOrEqual(plot.y + plot.height);
  });

  it("never overlaps a step label, for any lines and steps", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 200; n++) {
      const lines = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => ({
        y: plot.y + rand() * plot.height,
        text: `threshold ${i}: ${Math.round(rand() * 1000)} ms`,
      }));
      const steps = Array.from({ length: Math.floor(rand() * 6) }, (_, i) => ({
        x: plot.x + rand() * plot.width,
        text: `${(i + 1) * 10} %`,
      }));
      noneOverlap([...placeThresholds(lines, plot), ...placeMarkers(steps, plot)]);
    }
  });
});
