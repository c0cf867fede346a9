/**
 * What other features use of the registry and may use in the browser: the manifest's field rules,
 * budgets, quality labels and the stage schema of the registry's contracts. Client-safe.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { budgetsSchema } from "./budgets";
export { evaluationSchema, stageSchema } from "./contracts";
export { findFloatingReference, parseIsoInstant, parseVersionId, type ManifestInput } from "./manifest-schema";
export { qualityFloorLabel } from "./quality-label";
