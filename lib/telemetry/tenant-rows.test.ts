import { describe, expect, it } from "vitest";
import type { TenantRow } from "./tenant-table";
import { sortTenantRows } from "./tenant-rows";

const row = (tenant: string, over: Partial<TenantRow> = {}): TenantRow => ({
  tenant,
  version: "v1",
  requests: 10,
  errors: 0,
  error_rate: 0,
  p95: 100,
  quality: 0.8,
  cost_per_1k: null,
  tokens_in: 0,
  tokens_out: 0,
  pinnedVersion: null,
  pinned: false,
  rank: { score: null, raw: null, signal: null, against: null, reason: "", tooFew: false, isBase: false },
  drift: null,
  ...over,
});

describe("sortTenantRows", () => {
  const rows = [row("a", { quality: 0.9, p95: 50 }), row("b", { quality: null, p95: null }), row("c", { quality: 0.4, p95: 300 })];
  it("keeps the server's worst-first order without a key", () => {
    expect(sortTenantRows(rows, null, "worst").map((r) => r.tenant)).toEqual(["a", "b", "c"]);
  });
  it("puts the bad end first: lowest quality, highest p95; rows without a value last", () => {
    expect(sortTenantRows(rows, "quality", "worst").map((r) => r.tenant)).toEqual(["c", "a", "b"]);
    expect(sortTenantRows(rows, "p95", "worst").map((r) => r.tenant)).toEqual(["c", "a", "b"]);
    expect(sortTenantRows(rows, "p95", "best").map((r) => r.tenant)).toEqual(["a", "c", "b"]);
  });
  it("sorts by score and drift, worst first, rows without one last", () => {
    const scored = [
      row("low", {
        rank: { score: 0.2, raw: 0.2, signal: "p95", against: "stable", reason: "", tooFew: false, isBase: false },
        drift: { feature: "x", psi: 0.3, level: "alert" },
      }),
      row("none"),
      row("high", {
        rank: { score: 1.8, raw: 1.8, signal: "p95", against: "stable", reason: "", tooFew: false, isBase: false },
        drift: { feature: "x", psi: 0.05, level: "ok" },
      }),
    ];
    expect(sortTenantRows(scored, "score", "worst").map((r) => r.tenant)).toEqual(["high", "low", "none"]);
    expect(sortTenantRows(scored, "drift", "worst").map((r) => r.tenant)).toEqual(["low", "high", "none"]);
  });
  it("sorts names alphabetically", () => {
    expect(sortTenantRows([row("zeta"), row("alpha")], "tenant", "worst").map((r) => r.tenant)).toEqual(["alpha", "zeta"]);
  });
});
