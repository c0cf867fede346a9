import { describe, expect, it } from "vitest";
import { routeGroup, statusClass } from "./instruments";
import { renderExposition, type Family } from "./registry";

describe("renderExposition", () => {
  it("writes HELP, TYPE and escaped labels, and cumulative histogram buckets with +Inf, _sum and _count", () => {
    const families: Family[] = [
      { name: "x_total", help: "a\nb \\ c", type: "counter", series: [{ labels: { model: 'we"ird\\name\n' }, value: 3 }] },
      {
        name: "lat_seconds",
        help: "h",
        type: "histogram",
        bounds: [0.1, 1],
        series: [{ labels: { v: "1" }, buckets: [2, 5], sum: 1.5, count: 6 }],
      },
    ];
    expect(renderExposition(families)).toBe(
      [
        "# HELP x_total a\\nb \\\\ c",
        "# TYPE x_total counter",
        'x_total{model="we\\"ird\\\\name\\n"} 3',
        "# HELP lat_seconds h",
        "# TYPE lat_seconds histogram",
        'lat_seconds_bucket{v="1",le="0.1"} 2',
        'lat_seconds_bucket{v="1",le="1"} 5',
        'lat_seconds_bucket{v="1",le="+Inf"} 6',
        'lat_seconds_sum{v="1"} 1.5',
        'lat_seconds_count{v="1"} 6',
        "",
      ].join("\n"),
    );
  });
});

describe("routeGroup", () => {
  it("names a bounded set of groups, never raw paths", () => {
    expect(routeGroup("/api/v1/models/fraud/routes/stream")).toBe("data_plane.stream");
    expect(routeGroup("/api/v1/models/fraud/resolve?key=1")).toBe("data_plane.routes");
    expect(routeGroup("/api/v1/telemetry")).toBe("api.telemetry");
    expect(routeGroup("/api/v1/models/fraud/versions/2026-01-01.1")).toBe("api.registry");
    expect(routeGroup("/api/v1/models/fraud/policy")).toBe("api.policy");
    expect(routeGroup("/wp-admin/../../etc/passwd")).toBe("page");
    expect(statusClass(404)).toBe("4xx");
  });
});
