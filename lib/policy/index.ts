/**
 * A model's policy, for the other features: its schema and defaults, the draft editor's parsing, and
 * which changes weaken approvals. Client-safe (the settings form and the release pages use it too).
 *
 * Other features import this folder only through index.ts (client-safe) and server.ts
 * (docs/architecture.md → Layers).
 */
export {
  DEFAULT_INDEPENDENCE_DAYS,
  DEFAULT_POLICY,
  METRIC_NAME,
  parsePolicy,
  policyOrThrow,
  policySchema,
  type AbsoluteGate,
  type ApprovalRule,
  type DriftPolicy,
  type PrometheusCheck,
  type Policy,
  type PolicyInput,
  type RegressionGate,
  replayPolicySchema,
  type ReplayPolicy,
  type ScrubRule,
} from "./policy";
export { parsePolicyText, parsePolicyValue, policyText } from "./policy-draft";
export { approvalWeakenings, storedApprovals } from "./policy-weakening";
export {
  approvalFit,
  EMPTY_DIRECTORY,
  gateStatus,
  namedBy,
  reviewerIssues,
  ruleText,
  type ApprovalFit,
  type GateStatus,
  type ReviewerDirectory,
  type RuleStatus,
} from "./reviewers";
