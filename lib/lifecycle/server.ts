/**
 * The lifecycle's server side for other features: evaluations, approvals and policy edits (the
 * demo), and whose turn a review is (the home page).
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export { updatePolicy } from "./policy-service";
export { approveVersion, recordEvaluation } from "./service";
export { turnsFor, type TurnViewer } from "./whose-turn";
