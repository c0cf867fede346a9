import { describe, expect, it } from "vitest";
import { seriesTable } from "./chart-table";

describe("seriesTable", () => {
  it("has a row per bucket with data and a column per series, values in their unit", () => {
    const t0 = Date.parse("2026-01-15T09:00:00Z");
    const table = seriesTable({
      unit: "ms",
      series: [
        { key: "a", label: "a (stable)", color: "#000", points: 2 },
        { key: "b", label: "b (candidate)", color: "#111", points: 1 },
      ],
      rows: [
        { t: t0, a: 120, b: null },
        { t: t0 + 60_000, a: null, b: null },
        { t: t0 + 120_000, a: 130, b: 1500 },
      ],
    });
    expect(table.head).toEqual(["Time", "a (stable)", "b (candidate)"]);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ["2026-01-15 09:00 UTC", "120 ms", "no data"],
      ["2026-01-15 09:02 UTC", "130 ms", "1.5 s"],
    ]);
  });
});
