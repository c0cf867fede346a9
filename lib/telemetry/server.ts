/**
 * Telemetry's storage primitives other features read windows with (the guardrails): histogram
 * merging and percentiles, rollup grains and the all-tenants key, bucket flooring.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { merge, percentile } from "./histogram";
export { ALL_TENANTS, GRAIN_MS } from "./rollup";
export { floorTo } from "./tiers";
export { predictionMissingWhy } from "./prediction-missing";
