import { describe, expect, it } from "vitest";
import { loadEnv } from "../env";

describe("ROLLGATE_METRICS_TENANTS", () => {
  it("are configured by ROLLGATE_METRICS_TENANTS, with a named error for a list too long", () => {
    const base = {};
    expect(loadEnv(base).metricsTenants).toEqual({ kind: "none" });
    expect(loadEnv({ ...base, ROLLGATE_METRICS_TENANTS: "all" }).metricsTenants).toEqual({ kind: "all" });
    expect(loadEnv({ ...base, ROLLGATE_METRICS_TENANTS: " acme, globex ,acme" }).metricsTenants).toEqual({
      kind: "list",
      tenants: ["acme", "globex"],
    });
    const long = Array.from({ length: 1001 }, (_, i) => `t${i}`).join(",");
    expect(() => loadEnv({ ...base, ROLLGATE_METRICS_TENANTS: long })).toThrow(/ROLLGATE_METRICS_TENANTS.*1001 tenants; at most 1000/s);
  });
});
