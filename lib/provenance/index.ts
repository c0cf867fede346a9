/**
 * The evidence chain's types and wording, client-safe.
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export type {
  ApprovalLink,
  AuditRef,
  EvaluationLink,
  Link,
  ManifestLink,
  PredictionEvidence,
  ReleaseAt,
  ReplayFacts,
  Served,
} from "./chain";
export { replayFacts } from "./chain";
