// The statistics a newcomer's charts show: the initech slowdown on the support-reply canary,
// which stays inside the default guardrails, and every model well inside its manifest limits.
import { describe, expect, it } from "vitest";
import type { TelemetryEvent } from "@rollgate/client/telemetry";
import { createEventGenerator, LABELLED_SHARE, type ServedRequest } from "./generate";
import { DEMO_SCENARIO, type ModelKind } from "./profiles";
import { seededRng, type Rng } from "./random";
import { DEMO_TENANTS, pickTenantUser, tenantMix } from "./tenants";

const generator = createEventGenerator(DEMO_SCENARIO);

function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil(0.95 * s.length) - 1]!;
}

let n = 0;
function events(rng: Rng, count: number, req: Omit<ServedRequest, "requestId" | "ts" | "tenant"> & { tenant?: string }): TelemetryEvent[] {
  const mix = tenantMix();
  return Array.from({ length: count }, () =>
    generator.event(rng, {
      requestId: `r${++n}`,
      ts: Date.UTC(2026, 11, 3, 10),
      tenant: req.tenant ?? pickTenantUser(rng, mix).tenant,
      ...req,
    }),
  );
}

const latencies = (es: TelemetryEvent[]) => es.map((e) => e.latency_ms);
const errorRate = (es: TelemetryEvent[]) => es.filter((e) => e.outcome === "error").length / es.length;

const reply = { model: "support-reply", kind: "reply" as const };

describe("the support-reply canary is slower for initech only", () => {
  it("initech's candidate p95 is about 1.35 × its stable p95 over 20k requests", () => {
    const rng = seededRng(11);
    const stable = events(rng, 20_000, { ...reply, version: "2026-04-08.1", role: "stable", tenant: "initech" });
    const candidate = events(rng, 20_000, { ...reply, version: "2026-09-22.1", role: "candidate", tenant: "initech" });
    const ratio = p95(latencies(candidate)) / p95(latencies(stable));
    expect(ratio).toBeGreaterThan(1.28);
    expect(ratio).toBeLessThan(1.42);
  });

  it("another tenant sees the same latency on both sides", () => {
    const rng = seededRng(12);
    const stable = events(rng, 20_000, { ...reply, version: "2026-04-08.1", role: "stable", tenant: "acme" });
    const candidate = events(rng, 20_000, { ...reply, version: "2026-09-22.1", role: "candidate", tenant: "acme" });
    const ratio = p95(latencies(candidate)) / p95(latencies(stable));
    expect(ratio).toBeGreaterThan(0.95);
    expect(ratio).toBeLessThan(1.05);
  });

  it("over all tenants the candidate stays inside the default guardrails: p95 < 1.15 × stable's, same error rate", () => {
    const rng = seededRng(13);
    const stable = events(rng, 60_000, { ...reply, version: "2026-04-08.1", role: "stable" });
    const candidate = events(rng, 60_000, { ...reply, version: "2026-09-22.1", role: "candidate" });
    const ratio = p95(latencies(candidate)) / p95(latencies(stable));
    expect(ratio).toBeGreaterThan(1.01); // initech's slowdown is visible overall too
    expect(ratio).toBeLessThan(1.15);
    // soft check 1.2 ×, hard check stable + 0.5 pt
    expect(Math.abs(errorRate(candidate) - errorRate(stable))).toBeLessThan(0.002);
    // the canary's own manifest limit (2000 ms) holds even for initech
    const initech = candidate.filter((e) => e.tenant === "initech");
    expect(p95(latencies(initech))).toBeLessThan(2000);
  });
});

describe("every model stays well inside its manifest limits", () => {
  // the tighter of the stable's and the newest version's limits (lib/demo/seed.ts)
  const limits: Record<ModelKind, { model: string; p95: number; errors: number }> = {
    fraud: { model: "fraud-score", p95: 35, errors: 0.005 },
    reply: { model: "support-reply", p95: 2000, errors: 0.02 },
    rerank: { model: "search-rerank", p95: 60, errors: 0.002 },
  };
  for (const [kind, limit] of Object.entries(limits) as [ModelKind, (typeof limits)[ModelKind]][]) {
    it(`${limit.model}: p95 under 75 % of ${limit.p95} ms, errors under half of ${limit.errors * 100} %`, () => {
      const es = events(seededRng(20), 40_000, { model: limit.model, kind, version: "v", role: "stable" });
      expect(p95(latencies(es))).toBeLessThan(0.75 * limit.p95);
      const rate = errorRate(es);
      expect(rate).toBeGreaterThan(0);
      expect(rate).toBeLessThan(limit.errors / 2);
      for (const e of es) {
        if (e.outcome === "ok") {
          expect(e.score).toBeGreaterThanOrEqual(0);
          expect(e.score).toBeLessThanOrEqual(1);
          expect(e.cost).toBeGreaterThan(0);
          expect(e.error_class).toBeUndefined();
        } else {
          expect(["schema", "timeout", "upstream", "model"]).toContain(e.error_class);
        }
      }
    });
  }

  it("errors come in every class", () => {
    const es = events(seededRng(21), 40_000, { ...reply, version: "v", role: "stable" });
    const classes = new Set(es.filter((e) => e.outcome === "error").map((e) => e.error_class));
    expect([...classes].sort()).toEqual(["model", "schema", "timeout", "upstream"]);
  });
});

describe("what each service logs", () => {
  it("support-reply reports tokens and rare safety flags", () => {
    const es = events(seededRng(30), 40_000, { ...reply, version: "v", role: "stable" }).filter((e) => e.outcome === "ok");
    for (const e of es) {
      expect(e.tokens!.input).toBeGreaterThan(0);
      expect(e.tokens!.output).toBeGreaterThan(0);
    }
    const rate = (flag: string) => es.filter((e) => e.flags?.includes(flag)).length / es.length;
    for (const flag of ["refusal", "policy_violation", "invalid_output"]) {
      expect(rate(flag)).toBeGreaterThan(0);
      expect(rate(flag)).toBeLessThan(0.015);
    }
  });

  it("fraud-score carries ground truth for a fraction of requests, and its decisions mostly match it", () => {
    const es = events(seededRng(31), 40_000, { model: "fraud-score", kind: "fraud", version: "v", role: "stable" }).filter(
      (e) => e.outcome === "ok",
    );
    const labelled = es.filter((e) => e.label !== undefined);
    expect(labelled.length / es.length).toBeGreaterThan(LABELLED_SHARE - 0.02);
    expect(labelled.length / es.length).toBeLessThan(LABELLED_SHARE + 0.02);
    const right = labelled.filter((e) => (e.prediction as { label: string }).label === e.label).length;
    expect(right / labelled.length).toBeGreaterThan(0.95);
    expect(labelled.some((e) => e.label === "fraud")).toBe(true);
  });

  it("the same seed gives the same traffic", () => {
    const a = events(seededRng(7), 50, { ...reply, version: "v", role: "candidate" }).map((e) => ({ ...e, request_id: "" }));
    const b = events(seededRng(7), 50, { ...reply, version: "v", role: "candidate" }).map((e) => ({ ...e, request_id: "" }));
    expect(a).toEqual(b);
  });
});

describe("tenants", () => {
  it("have Zipf-like sizes: acme is the largest, every tenant gets traffic", () => {
    const rng = seededRng(40);
    const mix = tenantMix();
    const counts = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const { tenant } = pickTenantUser(rng, mix);
      counts.set(tenant, (counts.get(tenant) ?? 0) + 1);
    }
    const sizes = DEMO_TENANTS.map((t) => counts.get(t) ?? 0);
    expect(sizes[0]! / 50_000).toBeGreaterThan(0.3);
    expect(sizes.at(-1)! / 50_000).toBeGreaterThan(0.03);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]!).toBeLessThan(sizes[i - 1]!);
  });
});
