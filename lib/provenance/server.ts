/**
 * The evidence chain of a prediction for pages and routes.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { predictionEvidence, type EvidenceQuery, type StoredPrediction } from "./queries";
