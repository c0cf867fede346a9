import { UTC, type TimeZoneChoice } from "../time/format";
import { formatInstant, formatValue, type PreparedChart } from "./chart-data";

/**
 * A chart as a table: one row per bucket that has data (time in the first column), one column
 * per series. Buckets where no series has a value are left out; the coverage caption says how
 * much of the range they are.
 */
export function seriesTable(chart: Pick<PreparedChart, "rows" | "series" | "unit">, tz: TimeZoneChoice = UTC) {
  const rows = chart.rows
    .filter((r) => chart.series.some((s) => typeof r[s.key] === "number"))
    .map((r) => ({ key: String(r.t), cells: [formatInstant(r.t, tz), ...chart.series.map((s) => formatValue(chart.unit, r[s.key]))] }));
  return { head: ["Time", ...chart.series.map((s) => s.label)], rows };
}
