// How each demo model behaves in production, and the one story the demo tells on top of it.
//
// Budgets (the manifests' limits) the profiles stay well under:
//   fraud-score   p95 45 ms (35 ms from 2026-08-19.1), errors 0.5 %
//   support-reply p95 2400 ms (2000 ms for the canary 2026-09-22.1), errors 2 %
//   search-rerank p95 80 ms (60 ms from 2026-10-06.1), errors 0.2 %
// The guardrails compare a candidate with its stable version (error rate ≤ stable + 0.5 pt, 1 pt
// for support-reply's noisier window, p95 ≤ 1.2 × stable's over all tenants): the scenario's
// slowdown for one tenant keeps the candidate's overall p95 below 1.15 × stable's and its error
// rate at stable's.
import type { ErrorClass } from "../../telemetry/index";
import type { FeatureShift } from "./features";

export type ModelKind = "fraud" | "reply" | "rerank";

export type ModelProfile = {
  /** share of all requests */
  share: number;
  /** log-normal latency: its 95th percentile (ms) and log-space spread */
  latency: { p95: number; sigma: number };
  /** fraction of requests that fail, and how failures split by class */
  errorRate: number;
  errorMix: Record<ErrorClass, number>;
  /** what a timed-out request reports as its latency */
  timeoutMs: number;
};

export const MODEL_PROFILES: Record<ModelKind, ModelProfile> = {
  fraud: {
    share: 0.45,
    latency: { p95: 18, sigma: 0.42 },
    errorRate: 0.0012,
    errorMix: { timeout: 0.35, upstream: 0.3, model: 0.2, schema: 0.15 },
    timeoutMs: 100,
  },
  reply: {
    share: 0.25,
    latency: { p95: 1250, sigma: 0.36 },
    errorRate: 0.006,
    errorMix: { timeout: 0.4, upstream: 0.35, model: 0.15, schema: 0.1 },
    timeoutMs: 8000,
  },
  rerank: {
    share: 0.3,
    latency: { p95: 34, sigma: 0.35 },
    errorRate: 0.0005,
    errorMix: { timeout: 0.3, upstream: 0.3, model: 0.2, schema: 0.2 },
    timeoutMs: 150,
  },
};

export type DemoModel = { key: string; kind: ModelKind };

export const DEMO_TRAFFIC_MODELS: readonly DemoModel[] = [
  { key: "fraud-score", kind: "fraud" },
  { key: "support-reply", kind: "reply" },
  { key: "search-rerank", kind: "rerank" },
];

/** A tenant for whom the model's candidate is slower (latency × factor). */
export type Slowdown = { kind: ModelKind; tenant: string; factor: number };

/** A tenant whose inputs moved away from the training baseline (bin weights per feature). */
export type Drift = { kind: ModelKind; tenant: string; shift: FeatureShift };

export type Scenario = { slowdowns: readonly Slowdown[]; drifts: readonly Drift[] };

/**
 * The demo's story: the support-reply canary is about 35 % slower for initech only (a new
 * tokenizer meets initech's long tickets), and globex's card traffic has moved to large
 * electronics and gambling purchases at merchants the training data never saw. The shifted
 * weights are on the fraud-score manifest's bins: amount_eur [0, 10, 50, 200, 1000, 10000],
 * merchant_category grocery, travel, electronics, gambling, then other (unseen) values.
 */
export const DEMO_SCENARIO: Scenario = {
  slowdowns: [{ kind: "reply", tenant: "initech", factor: 1.35 }],
  drifts: [
    {
      kind: "fraud",
      tenant: "globex",
      shift: {
        amount_eur: [0.08, 0.14, 0.22, 0.36, 0.2],
        merchant_category: [0.2, 0.1, 0.3, 0.12, 0.28],
      },
    },
  ],
};
