// How the fleet routes: every request through the client's resolve on the current table, so
// the candidate's share follows candidatePercent, pins win, and a new table is followed at once.
import { describe, expect, it } from "vitest";
import { resolve, RoutingError, type RouteTable } from "@rollgate/client/resolve";
import type { TelemetryEvent, TelemetrySender } from "@rollgate/client/telemetry";
import { createEventGenerator } from "./generate";
import type { ManifestCache } from "./manifests";
import { DEMO_SCENARIO, DEMO_TRAFFIC_MODELS } from "./profiles";
import { seededRng } from "./random";
import { rateNoise, serveWith } from "./simulator";
import { tenantMix } from "./tenants";
import { demoTrafficSchema } from "../../settings/demo-traffic";

function table(model: string, over: Partial<RouteTable> = {}): RouteTable {
  return {
    model,
    epoch: 1,
    stable: { version: "s" },
    candidate: null,
    mode: "canary",
    pins: {},
    updatedAt: new Date(0).toISOString(),
    ...over,
  };
}

function fleet(tables: Map<string, RouteTable>) {
  const sent: TelemetryEvent[] = [];
  const sender = { send: (e: TelemetryEvent) => (sent.push(e), true) } as TelemetrySender;
  const noManifests: ManifestCache = { features: () => [], settled: async () => {} };
  const counts = { served: 0, unrouted: 0, shadowed: 0 };
  const routing = {
    table: (m: string) => tables.get(m) ?? null,
    resolve: (m: string, r: { tenant?: string | null; key?: string | null }) => {
      const t = tables.get(m);
      if (!t) throw new RoutingError("no_table", `no table for ${m}`);
      return { ...resolve(t, r), epoch: t.epoch };
    },
  };
  const serve = serveWith({
    rng: seededRng(5),
    models: DEMO_TRAFFIC_MODELS,
    mix: tenantMix(),
    routing,
    generator: createEventGenerator(DEMO_SCENARIO),
    manifests: noManifests,
    counts,
  });
  let id = 0;
  const run = (n: number) => {
    for (let i = 0; i < n; i++) serve(0, `r${++id}`, sender);
  };
  return { sent, run, counts };
}

describe("the demo fleet's routing", () => {
  it("sends the candidate its percentage of each model's requests, split by user within every tenant, and honours pins", () => {
    const tables = new Map([
      ["support-reply", table("support-reply", { candidate: { version: "c", percent: 25 }, pins: { wonka: "pinned" } })],
      ["fraud-score", table("fraud-score")],
      ["search-rerank", table("search-rerank")],
    ]);
    const f = fleet(tables);
    f.run(30_000);
    const reply = f.sent.filter((e) => e.model === "support-reply");
    const unpinned = reply.filter((e) => e.tenant !== "wonka");
    const share = unpinned.filter((e) => e.version === "c").length / unpinned.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    for (const tenant of ["acme", "globex", "initech"]) {
      const versions = new Set(unpinned.filter((e) => e.tenant === tenant).map((e) => e.version));
      expect(versions).toEqual(new Set(["s", "c"]));
    }
    expect(new Set(reply.filter((e) => e.tenant === "wonka").map((e) => e.version))).toEqual(new Set(["pinned"]));
    expect(new Set(f.sent.filter((e) => e.model !== "support-reply").map((e) => e.version))).toEqual(new Set(["s"]));
    expect(new Set(f.sent.map((e) => e.request_id)).size).toBe(f.sent.length);
  });

  it("follows a new table from the next request: after a rollback nothing goes to the candidate", () => {
    const tables = new Map([["support-reply", table("support-reply", { candidate: { version: "c", percent: 50 } })]]);
    const f = fleet(tables);
    f.run(2000);
    expect(f.sent.some((e) => e.version === "c")).toBe(true);
    tables.set("support-reply", table("support-reply", { epoch: 2, stable: { version: "s" }, candidate: null }));
    const before = f.sent.length;
    f.run(2000);
    const after = f.sent.slice(before).filter((e) => e.model === "support-reply");
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.version === "s")).toBe(true);
  });

  it("counts requests for a model without a table as unrouted instead of inventing a version", () => {
    const f = fleet(new Map());
    f.run(100);
    expect(f.sent).toEqual([]);
    expect(f.counts.unrouted).toBe(100);
  });

  it("in shadow mode serves stable and reports the shadow copy under its own request id", () => {
    const tables = new Map([["search-rerank", table("search-rerank", { mode: "shadow", candidate: { version: "c", percent: 100 } })]]);
    const f = fleet(tables);
    f.run(300);
    const rerank = f.sent.filter((e) => e.model === "search-rerank");
    const shadows = rerank.filter((e) => e.request_id!.endsWith(".shadow"));
    expect(shadows.length).toBeGreaterThan(0);
    expect(shadows.every((e) => e.version === "c")).toBe(true);
    expect(rerank.filter((e) => !e.request_id!.endsWith(".shadow")).every((e) => e.version === "s")).toBe(true);
  });

  it("keeps the rate within ±20 % of its mean", () => {
    const level = rateNoise(seededRng(9));
    const levels = Array.from({ length: 20_000 }, level);
    expect(Math.min(...levels)).toBeGreaterThanOrEqual(0.8);
    expect(Math.max(...levels)).toBeLessThanOrEqual(1.2);
    expect(levels.reduce((a, b) => a + b, 0) / levels.length).toBeCloseTo(1, 1);
  });
});

describe("ROLLGATE_DEMO_TRAFFIC", () => {
  it("takes on, off or a rate", () => {
    expect(demoTrafficSchema.parse("off")).toEqual({ enabled: false, ratePerSecond: 30 });
    expect(demoTrafficSchema.parse("ON")).toEqual({ enabled: true, ratePerSecond: 30 });
    expect(demoTrafficSchema.parse("45")).toEqual({ enabled: true, ratePerSecond: 45 });
    for (const bad of ["fast", "0.5", "-3", "501", "30req"]) expect(demoTrafficSchema.safeParse(bad).success).toBe(false);
  });
});
