/**
 * Demo data for `npm run demo`: users for every role and three models with believable version
 * histories. Everything is written through the same lib services the app uses (users, tokens,
 * registerVersion, updatePolicy, the lifecycle's recordEvaluation and approveVersion, and the
 * release's advanceRollout), so every row has its audit event, every manifest passed the same
 * checks CI's would, and every stage was earned through the model's gates, named approvals and
 * a rollout. Idempotent: a second run finds everything in place and writes nothing.
 *
 * The lifecycle each model ends in:
 * - every model has a PROD version and a PROD (previous) rollback target; each later version
 *   reached PROD through a finished rollout (a canary the operator advanced step by step, or a
 *   blue-green switch), so the release pages show their step history;
 * - support-reply 2026-09-22.1 is a canary in progress at 25 % (5 → 10 → 25 %) next to the
 *   stable 2026-04-08.1: the release page has something running, and traffic has two sides;
 * - fraud-score 2026-08-19.1 and search-rerank 2026-10-06.1 wait in STAGING for the approvals
 *   queue (the second was registered by an approver, who may not approve it: four-eyes);
 * - three teams each own a model; fraud-score's approval rules name Payments Risk, so Hannah
 *   (in it) can approve its waiting version and Jonas, an approver outside it, cannot;
 * - support-reply 2026-07-01.1 failed its toxicity gates and stayed in DEV;
 * - fraud-score captures requests for replay; its waiting version's evaluation replayed a frozen
 *   set of the week before it (./replay.ts), so its approval page shows agreement per tenant.
 *
 * Every step is recorded at the moment it happened (lib/clock.ts, planned in ./schedule.ts), in
 * order across models, so the audit trail, approvals and release steps read as weeks of work and
 * the audit hash chain covers them as written. The seed invents no telemetry: the demo traffic
 * (./traffic) reports it through the API.
 */
import { stringify as toYaml } from "yaml";
import { appendAudit } from "../audit/append";
import { currentTime, recordedAt } from "../clock";
import { systemActor, type Actor } from "../auth/actor";
import type { TokenScope } from "../auth/permissions";
import { createToken, listTokens } from "../auth/tokens-service";
import { createUser } from "../auth/users-service";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import type { Db } from "../database/types";
import type { PolicyInput } from "../policy";
import { updatePolicy } from "../lifecycle/server";
import type { ReplayResult } from "../lifecycle";
import { demoReplay } from "./replay";
import { approveVersion, recordEvaluation } from "../lifecycle/server";
import { canonicalJson, sha256Hex } from "../audit/canonical";
import type { ManifestInput } from "../registry";
import { registerVersion } from "../registry/server";
import { advanceRollout } from "../rollout/server";
import { DEMO_PASSWORD, DEMO_TEAMS, DEMO_USERS, type DemoTeam, type DemoUser } from "./accounts";
import { addTeamMember, createTeam } from "../teams/service";
import { advanceTime, planHistory, type VersionTimes } from "./schedule";

export { DEMO_PASSWORD, DEMO_USERS, type DemoUser };

export type DemoResult = { created: boolean; password: string; users: DemoUser[] };

// ---------------------------------------------------------------------------------------------
// Models

type ModelMeta = {
  key: string;
  name: string;
  ownerTeam: string;
  description: string;
  /** the model's CI token: it registers most versions and posts every evaluation */
  ci: string;
  /** Model.policy, saved through updatePolicy (budgets: error rate as a fraction) */
  policy: PolicyInput;
};

/** Who registers a version: a CI token (by name) or a demo user (by email). */
type Registrant = { token: string } | { user: string };

type DemoEvaluation = {
  dataset: string;
  metrics: Record<string, number>;
  replay?: ReplayResult;
  /** replayed over a frozen set of the week's captured requests (./replay.ts), frozen just before */
  replaySet?: { name: string; baselineVersion: string };
};

/** A named approval, by a demo user's email, with the reviewer's comment. */
type DemoApproval = { by: string; comment: string };

type DemoVersion = {
  by: Registrant;
  format: "yaml" | "json";
  manifest: ManifestInput;
  /** posted by the model's CI token right after registration, in order */
  evaluations?: DemoEvaluation[];
  /** decided in order once the version is STAGING; the one that completes the policy's count starts its rollout */
  approvals?: DemoApproval[];
  /**
   * After the approval the operator advances the rollout step by step: to completion (the
   * default), or until the candidate serves `holdAt` percent, where it is left running.
   */
  rollout?: { holdAt: number };
};

type DemoModel = { meta: ModelMeta; versions: DemoVersion[] };

const CI_TOKENS: { name: string; scopes: TokenScope[] }[] = [
  { name: "ci-payments-risk", scopes: ["registry:write"] },
  { name: "ci-support-ai", scopes: ["registry:write"] },
  { name: "ci-search-relevance", scopes: ["registry:write"] },
];

// Stand-ins for the digests a build would compute: stable, and distinct per artifact.
const digest = (label: string) => sha256Hex(`rollgate-demo:${label}`);
const image = (repo: string, build: string) => `ghcr.io/acme-ml/${repo}@sha256:${digest(`${repo}:${build}`)}`;

const LOG_FIELDS = ["tenant_id", "model_version", "request_id"];

/** Each version is its parent with some fields changed, as a real history would read. */
function evolve(parent: ManifestInput, change: (m: ManifestInput) => void): ManifestInput {
  const next = structuredClone(parent);
  next.parent_version = parent.model_version;
  change(next);
  return next;
}

function fraudScore(): DemoModel {
  const key = "fraud-score";
  const holdout = (through: string) => `s3://acme-evals/${key}/holdout/${through}/transactions.parquet`;
  const v1: ManifestInput = {
    model_id: key,
    model_version: "2026-03-04.1",
    changelog: "First registered version: XGBoost classifier on card transactions, trained through 2026-02-28.",
    artifact_uri: `s3://acme-models/${key}/2026-03-04.1/model.ubj`,
    artifact_sha256: digest(`${key}/2026-03-04.1/model`),
    preprocess_version: "1.8.0",
    schema_version: "3.1.0",
    postprocess: {
      thresholds: { review: 0.68, block: 0.93 },
      rules: ["block_if_card_reported_stolen", { name: "cap_score_for_allowlisted_merchants", max_score: 0.4 }],
    },
    training_data: {
      snapshot_uri: "s3://acme-data/payments/transactions/snapshots/2026-02-28/",
      sha256: digest("payments-snapshot-2026-02-28"),
      time_range: { from: "2025-03-01", to: "2026-02-28T23:59:59Z" },
      schema_version: "3.1.0",
    },
    runtime: { python: "3.11.9", framework: "xgboost==2.1.4", container: image("fraud-score-serving", "2026-03-04") },
    limits: { p95_latency_ms: 45, max_error_rate: 0.005 },
    quality: { metric: "precision_at_review", min: 0.81 },
    rollout: { strategy: "canary", initial_traffic_percent: 5, steps: [25, 50, 100], bake_minutes: 60 },
    observability: { log_fields: [...LOG_FIELDS, "score", "decision", "merchant_category"] },
    features: [
      {
        name: "amount_eur",
        kind: "numeric",
        bins: [0, 10, 50, 200, 1000, 10000],
        baseline: [184211, 238904, 130552, 39870, 5312],
      },
      {
        name: "merchant_category",
        kind: "categorical",
        categories: ["grocery", "travel", "electronics", "gambling"],
        baseline: [309877, 91420, 70914, 8307, 118331],
      },
      { name: "card_present", kind: "categorical", categories: ["true", "false"], baseline: [402118, 196731] },
    ],
  };
  const v2 = evolve(v1, (m) => {
    m.model_version = "2026-04-15.1";
    m.changelog =
      "Retrained on transactions through 2026-03-31; review threshold recalibrated from 0.68 to 0.65 to keep precision at review above 0.81.";
    m.artifact_uri = `s3://acme-models/${key}/2026-04-15.1/model.ubj`;
    m.artifact_sha256 = digest(`${key}/2026-04-15.1/model`);
    m.postprocess.thresholds = { review: 0.65, block: 0.93 };
    m.training_data = {
      ...m.training_data,
      snapshot_uri: "s3://acme-data/payments/transactions/snapshots/2026-03-31/",
      sha256: digest("payments-snapshot-2026-03-31"),
      time_range: { from: "2025-04-01", to: "2026-03-31T23:59:59Z" },
    };
  });
  const v3 = evolve(v2, (m) => {
    m.model_version = "2026-06-02.1";
    m.changelog = "Adds device_age_days (days since the device was first seen); preprocessing 1.9.0 and input schema 3.2.0.";
    m.artifact_uri = `s3://acme-models/${key}/2026-06-02.1/model.ubj`;
    m.artifact_sha256 = digest(`${key}/2026-06-02.1/model`);
    m.preprocess_version = "1.9.0";
    m.schema_version = "3.2.0";
    m.training_data = { ...m.training_data, schema_version: "3.2.0" };
    m.features = [
      ...(m.features ?? []),
      { name: "device_age_days", kind: "numeric", bins: [0, 1, 7, 30, 180, 3650], baseline: [21304, 40877, 88210, 190342, 258116] },
    ];
  });
  const v4 = evolve(v3, (m) => {
    m.model_version = "2026-08-19.1";
    m.changelog =
      "XGBoost 3.0 with the new serving image: p95 latency limit tightened from 45 to 35 ms; block threshold raised from 0.93 to 0.94.";
    m.artifact_uri = `s3://acme-models/${key}/2026-08-19.1/model.ubj`;
    m.artifact_sha256 = digest(`${key}/2026-08-19.1/model`);
    m.runtime = { python: "3.12.4", framework: "xgboost==3.0.2", container: image("fraud-score-serving", "2026-08-19") };
    m.limits = { p95_latency_ms: 35, max_error_rate: 0.005 };
    m.postprocess.thresholds = { review: 0.65, block: 0.94 };
  });
  return {
    meta: {
      key,
      name: "Card fraud score",
      ownerTeam: "payments-risk",
      description:
        "Scores every card authorisation for fraud risk. Scores above the review threshold go to the analyst queue; above the block threshold the payment is declined.",
      ci: "ci-payments-risk",
      policy: {
        budgets: { p95LatencyMs: 60, maxErrorRate: 0.01 },
        evalGates: [
          { metric: "f1", op: ">=", value: 0.85 },
          { metric: "auc", op: ">=", value: 0.93 },
          { metric: "calibration_error", op: "<=", value: 0.05 },
        ],
        maxRegression: [
          { metric: "f1", direction: "higher_is_better", maxDrop: 0.01 },
          { metric: "auc", direction: "higher_is_better", maxDrop: 0.005 },
        ],
        // 5 % of each tenant's requests kept for replay, scrubbed before they are stored
        replay: {
          minAgreement: 0.97,
          capture: { rate: 0.05, maxPerTenantPerDay: 2000 },
          scrub: [
            { name: "drop-email", field: "email", action: "drop" },
            { name: "hash-customer-id", field: "customer_id", action: "hash" },
          ],
        },
        // the risk team signs off on every fraud model: only its members' approvals count
        approvals: { required: 1, rules: [{ reviewers: ["team:payments-risk"], required: 1 }] },
        rollout: { steps: [5, 25, 50, 100], bakeMinutes: 60 },
      },
    },
    versions: [
      {
        by: { token: "ci-payments-risk" },
        format: "yaml",
        manifest: v1,
        evaluations: [
          { dataset: holdout("2026-02-28"), metrics: { f1: 0.871, auc: 0.951, calibration_error: 0.031, precision_at_review: 0.823 } },
        ],
        approvals: [
          {
            by: "approver@rollgate.demo",
            comment: "Offline metrics match the model review; precision at review 0.82 on the February holdout.",
          },
        ],
      },
      {
        by: { token: "ci-payments-risk" },
        format: "yaml",
        manifest: v2,
        evaluations: [
          {
            dataset: holdout("2026-03-31"),
            metrics: { f1: 0.879, auc: 0.954, calibration_error: 0.028, precision_at_review: 0.818 },
            replay: { baseline_version: "2026-03-04.1", cases: 20000, agreement: 0.984 },
          },
        ],
        approvals: [
          { by: "approver@rollgate.demo", comment: "Retrain plus the recalibrated review threshold, agreed with the analyst team lead." },
        ],
      },
      {
        by: { user: "approver2@rollgate.demo" },
        format: "json",
        manifest: v3,
        evaluations: [
          {
            dataset: holdout("2026-05-15"),
            metrics: { f1: 0.884, auc: 0.957, calibration_error: 0.026, precision_at_review: 0.826 },
            replay: { baseline_version: "2026-04-15.1", cases: 20000, agreement: 0.978 },
          },
        ],
        // registered by Jonas, so Hannah reviews it (four-eyes)
        approvals: [
          { by: "approver@rollgate.demo", comment: "device_age_days checked for leakage: it is computed before the authorisation." },
        ],
      },
      {
        by: { token: "ci-payments-risk" },
        format: "yaml",
        manifest: v4,
        // passes its gates and waits in the approvals queue
        evaluations: [
          {
            dataset: holdout("2026-07-31"),
            metrics: { f1: 0.887, auc: 0.959, calibration_error: 0.024, precision_at_review: 0.829 },
            replaySet: { name: "week-before-2026-08-19", baselineVersion: "2026-06-02.1" },
          },
        ],
      },
    ],
  };
}

/** The support model's fixed golden set: every version is scored on the same tickets. */
const GOLDEN_TICKETS = "s3://acme-evals/support-reply/golden-tickets/2026-01-31/tickets.jsonl";

function supportReply(): DemoModel {
  const key = "support-reply";
  const v1: ManifestInput = {
    model_id: key,
    model_version: "2026-02-10.1",
    changelog: "First registered version: LoRA adapter for drafting support replies, fine-tuned on resolved tickets through 2026-01-31.",
    artifact_uri: `s3://acme-models/${key}/2026-02-10.1/adapter.safetensors`,
    artifact_sha256: digest(`${key}/2026-02-10.1/adapter`),
    preprocess_version: "2.0.3",
    schema_version: "1.4.0",
    tokenizer: { name: "acme-support-sentencepiece", version: "1.0.0", sha256: digest("tokenizer-1.0.0") },
    prompt_templates: [
      { name: "system", version: "3.2.0", sha256: digest("prompt/system/3.2.0") },
      { name: "reply_draft", version: "2.4.1", sha256: digest("prompt/reply_draft/2.4.1") },
      { name: "escalation_summary", version: "1.1.0", sha256: digest("prompt/escalation_summary/1.1.0") },
    ],
    postprocess: {
      thresholds: { toxicity_block: 0.2, autosend_min_confidence: 0.85 },
      rules: ["redact_pii", { name: "max_reply_tokens", value: 400 }],
    },
    training_data: {
      snapshot_uri: "s3://acme-data/support/tickets/resolved/2026-01-31/",
      sha256: digest("tickets-2026-01-31"),
      time_range: { from: "2025-02-01", to: "2026-01-31T23:59:59Z" },
      schema_version: "1.4.0",
    },
    runtime: { python: "3.11.9", framework: "vllm==0.8.5", container: image("support-reply-serving", "2026-02-10") },
    limits: { p95_latency_ms: 2400, max_error_rate: 0.02 },
    quality: { metric: "agent_accept_rate", min: 0.72 },
    rollout: { strategy: "canary", initial_traffic_percent: 5, steps: [10, 25, 50, 100], bake_minutes: 120 },
    observability: { log_fields: [...LOG_FIELDS, "prompt_template", "input_tokens", "output_tokens"] },
  };
  const v2 = evolve(v1, (m) => {
    m.model_version = "2026-04-08.1";
    m.changelog = "reply_draft prompt 2.5.0: asks for the order number up front and drops the generic apology opener.";
    m.prompt_templates = (m.prompt_templates ?? []).map((p) =>
      p.name === "reply_draft" ? { ...p, version: "2.5.0", sha256: digest("prompt/reply_draft/2.5.0") } : p,
    );
  });
  const v3 = evolve(v2, (m) => {
    m.model_version = "2026-07-01.1";
    m.changelog = "Fine-tuned again on tickets through 2026-06-15 (summer product launch); auto-send confidence raised from 0.85 to 0.88.";
    m.artifact_uri = `s3://acme-models/${key}/2026-07-01.1/adapter.safetensors`;
    m.artifact_sha256 = digest(`${key}/2026-07-01.1/adapter`);
    m.postprocess.thresholds = { toxicity_block: 0.2, autosend_min_confidence: 0.88 };
    m.training_data = {
      ...m.training_data,
      snapshot_uri: "s3://acme-data/support/tickets/resolved/2026-06-15/",
      sha256: digest("tickets-2026-06-15"),
      time_range: { from: "2025-06-15", to: "2026-06-15T23:59:59Z" },
    };
  });
  const v4 = evolve(v3, (m) => {
    m.model_version = "2026-09-22.1";
    m.changelog =
      "Tokenizer 1.1.0 adds the new product names; escalation_summary prompt 1.2.0; vLLM 0.9 brings the p95 limit down from 2400 to 2000 ms.";
    m.tokenizer = { name: "acme-support-sentencepiece", version: "1.1.0", sha256: digest("tokenizer-1.1.0") };
    m.prompt_templates = (m.prompt_templates ?? []).map((p) =>
      p.name === "escalation_summary" ? { ...p, version: "1.2.0", sha256: digest("prompt/escalation_summary/1.2.0") } : p,
    );
    m.runtime = { python: "3.11.9", framework: "vllm==0.9.1", container: image("support-reply-serving", "2026-09-22") };
    m.limits = { p95_latency_ms: 2000, max_error_rate: 0.02 };
  });
  return {
    meta: {
      key,
      name: "Support reply drafts",
      ownerTeam: "customer-support-ai",
      description:
        "Drafts replies to customer support tickets for agents to review; high-confidence drafts for simple order questions are sent automatically.",
      ci: "ci-support-ai",
      policy: {
        budgets: { p95LatencyMs: 3000, maxErrorRate: 0.03 },
        evalGates: [
          { metric: "agent_accept_rate", op: ">=", value: 0.7 },
          { metric: "toxicity", op: "<=", value: 0.02 },
        ],
        maxRegression: [
          { metric: "agent_accept_rate", direction: "higher_is_better", maxDrop: 0.02 },
          { metric: "toxicity", direction: "lower_is_better", maxDrop: 0.005 },
        ],
        // drafts reach customers unreviewed when confident: two people sign off
        approvals: { required: 2 },
        rollout: { steps: [5, 10, 25, 50, 100], bakeMinutes: 120 },
        // With 0.6 % errors and about a thousand canary requests in a 10-minute window, the
        // default 0.5 pt allowance is two standard errors of the window's noise: checked every
        // pass, a healthy canary would be rolled back within hours. 1 pt still catches a doubling.
        guardrails: { errorRate: { maxIncrease: 0.01 } },
      },
    },
    versions: [
      {
        by: { token: "ci-support-ai" },
        format: "json",
        manifest: v1,
        evaluations: [{ dataset: GOLDEN_TICKETS, metrics: { agent_accept_rate: 0.742, toxicity: 0.011, resolution_rate: 0.61 } }],
        approvals: [
          { by: "approver@rollgate.demo", comment: "Read 50 sampled drafts: tone and order-number handling are fine." },
          { by: "approver2@rollgate.demo", comment: "PII redaction verified on the red-team set." },
        ],
      },
      {
        by: { user: "approver@rollgate.demo" },
        format: "yaml",
        manifest: v2,
        evaluations: [{ dataset: GOLDEN_TICKETS, metrics: { agent_accept_rate: 0.768, toxicity: 0.009, resolution_rate: 0.64 } }],
        // registered by Hannah, so two other people approve it
        approvals: [
          { by: "approver2@rollgate.demo", comment: "Prompt change only; accept rate up 2.6 points on the golden set." },
          { by: "admin@rollgate.demo", comment: "Second approval: support leads signed off on dropping the apology opener." },
        ],
      },
      {
        by: { token: "ci-support-ai" },
        format: "json",
        manifest: v3,
        // refused by its gates: it stays in DEV and 2026-09-22.1 replaces it
        evaluations: [{ dataset: GOLDEN_TICKETS, metrics: { agent_accept_rate: 0.781, toxicity: 0.034, resolution_rate: 0.66 } }],
      },
      {
        by: { token: "ci-support-ai" },
        format: "json",
        manifest: v4,
        evaluations: [{ dataset: GOLDEN_TICKETS, metrics: { agent_accept_rate: 0.779, toxicity: 0.008, resolution_rate: 0.66 } }],
        approvals: [
          { by: "approver@rollgate.demo", comment: "Toxicity back under PROD's; the new tokenizer handles the launch product names." },
          { by: "approver2@rollgate.demo", comment: "Latency limit checked against the vLLM 0.9 load test." },
        ],
        // the demo's live rollout: a canary at 25 % (steps 5 → 10 → 25 → 50 → 100)
        rollout: { holdAt: 25 },
      },
    ],
  };
}

/** Queries with human relevance judgements, the same set for every reranker version. */
const JUDGED_QUERIES = "s3://acme-evals/search-rerank/judged-queries/2026-04-30/queries.parquet";

function searchRerank(): DemoModel {
  const key = "search-rerank";
  const v1: ManifestInput = {
    model_id: key,
    model_version: "2026-05-12.1",
    changelog:
      "First registered version: MiniLM cross-encoder reranking the top 100 lexical candidates, trained on click logs through 2026-04-30.",
    artifact_uri: `s3://acme-models/${key}/2026-05-12.1/model.onnx`,
    artifact_sha256: digest(`${key}/2026-05-12.1/model`),
    preprocess_version: "0.6.2",
    schema_version: "2.0.0",
    tokenizer: { name: "minilm-l12-wordpiece", version: "1.4.0", sha256: digest("wordpiece-1.4.0") },
    postprocess: {
      thresholds: { min_relevance: 0.12 },
      rules: [{ name: "rerank_top_k", k: 100 }, "pin_sponsored_slots"],
    },
    training_data: {
      snapshot_uri: "s3://acme-data/search/click-logs/2026-04-30/",
      sha256: digest("clicks-2026-04-30"),
      time_range: { from: "2026-01-01", to: "2026-04-30T23:59:59Z" },
      schema_version: "2.0.0",
    },
    runtime: { python: "3.11.9", framework: "onnxruntime==1.20.1", container: image("search-rerank-serving", "2026-05-12") },
    limits: { p95_latency_ms: 80, max_error_rate: 0.002 },
    quality: { metric: "ndcg_at_10", min: 0.42 },
    rollout: { strategy: "blue_green", initial_traffic_percent: 100 },
    observability: { log_fields: [...LOG_FIELDS, "query_id", "candidates"] },
  };
  const v2 = evolve(v1, (m) => {
    m.model_version = "2026-07-28.1";
    m.changelog = "Retrained on click logs through 2026-07-15; rerank the top 50 instead of 100 candidates (no measurable nDCG loss).";
    m.artifact_uri = `s3://acme-models/${key}/2026-07-28.1/model.onnx`;
    m.artifact_sha256 = digest(`${key}/2026-07-28.1/model`);
    m.postprocess.rules = [{ name: "rerank_top_k", k: 50 }, "pin_sponsored_slots"];
    m.training_data = {
      ...m.training_data,
      snapshot_uri: "s3://acme-data/search/click-logs/2026-07-15/",
      sha256: digest("clicks-2026-07-15"),
      time_range: { from: "2026-03-15", to: "2026-07-15T23:59:59Z" },
    };
  });
  const v3 = evolve(v2, (m) => {
    m.model_version = "2026-10-06.1";
    m.changelog = "INT8-quantised export with onnxruntime 1.22: p95 latency limit lowered from 80 to 60 ms.";
    m.artifact_uri = `s3://acme-models/${key}/2026-10-06.1/model.int8.onnx`;
    m.artifact_sha256 = digest(`${key}/2026-10-06.1/model`);
    m.runtime = { python: "3.11.9", framework: "onnxruntime==1.22.0", container: image("search-rerank-serving", "2026-10-06") };
    m.limits = { p95_latency_ms: 60, max_error_rate: 0.002 };
  });
  return {
    meta: {
      key,
      name: "Search reranker",
      ownerTeam: "search-relevance",
      description: "Reorders the lexical search candidates for storefront queries with a cross-encoder before the results page renders.",
      ci: "ci-search-relevance",
      policy: {
        budgets: { p95LatencyMs: 100, maxErrorRate: 0.01 },
        evalGates: [
          { metric: "ndcg@10", op: ">=", value: 0.42 },
          { metric: "mrr", op: ">=", value: 0.55 },
        ],
        maxRegression: [
          { metric: "ndcg@10", direction: "higher_is_better", maxDrop: 0.005 },
          { metric: "mrr", direction: "higher_is_better", maxDrop: 0.01 },
        ],
        approvals: { required: 1 },
        // blue-green: one switch of all traffic
        rollout: { steps: [100], bakeMinutes: 30 },
      },
    },
    versions: [
      {
        by: { token: "ci-search-relevance" },
        format: "yaml",
        manifest: v1,
        evaluations: [{ dataset: JUDGED_QUERIES, metrics: { "ndcg@10": 0.447, mrr: 0.583, "recall@50": 0.912 } }],
        approvals: [{ by: "approver2@rollgate.demo", comment: "Beats the lexical baseline by 6 nDCG points on the judged queries." }],
      },
      {
        by: { token: "ci-search-relevance" },
        format: "yaml",
        manifest: v2,
        evaluations: [{ dataset: JUDGED_QUERIES, metrics: { "ndcg@10": 0.451, mrr: 0.588, "recall@50": 0.905 } }],
        approvals: [{ by: "approver@rollgate.demo", comment: "Top-50 cut costs no nDCG; halves the reranking time." }],
      },
      {
        // registered by Hannah: Jonas or the admin must review it (four-eyes)
        by: { user: "approver@rollgate.demo" },
        format: "yaml",
        manifest: v3,
        evaluations: [{ dataset: JUDGED_QUERIES, metrics: { "ndcg@10": 0.449, mrr: 0.586, "recall@50": 0.904 } }],
      },
    ],
  };
}

export function demoModels(): DemoModel[] {
  return [fraudScore(), supportReply(), searchRerank()];
}

// ---------------------------------------------------------------------------------------------
// Loading

/**
 * Name, owner and description of a model, in one transaction with its audit event. Only what
 * differs is written, so a second run changes nothing. (The policy, budgets included, goes
 * through updatePolicy.)
 */
async function describeModel(db: Db, actor: Actor, meta: ModelMeta): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const model = await tx.model.findUniqueOrThrow({
      where: { key: meta.key },
      select: { name: true, ownerTeam: true, description: true },
    });
    const before = { name: model.name, ownerTeam: model.ownerTeam, description: model.description };
    const after = { name: meta.name, ownerTeam: meta.ownerTeam, description: meta.description };
    if (canonicalJson(before) === canonicalJson(after)) return false;
    await tx.model.update({ where: { key: meta.key }, data: { ...after, updatedAt: currentTime() } });
    await appendAudit(tx, {
      actor,
      action: "model.updated",
      subject: { type: "model", id: meta.key },
      modelKey: meta.key,
      before,
      after,
      reason: "demo data",
    });
    return true;
  });
}

/** A demo team and its members; what exists already (a team made from an owner name) is kept. */
async function loadTeam(db: Db, actor: Actor, team: DemoTeam): Promise<boolean> {
  let created = false;
  if (!(await db.team.findUnique({ where: { key: team.key }, select: { id: true } }))) {
    await createTeam(db, actor, { key: team.key, name: team.name, description: team.description });
    created = true;
  }
  for (const email of team.members) {
    const member = await db.teamMember.findFirst({ where: { team: { key: team.key }, user: { email } }, select: { userId: true } });
    if (member) continue;
    await addTeamMember(db, actor, { key: team.key, email });
    created = true;
  }
  return created;
}

/** The demo's ramps have at most five steps; this only stops a walk that would never end. */
const MAX_ADVANCES = 25;

/**
 * The on-call operator walks an approved version's rollout through its ramp steps: to completion,
 * or until the candidate serves `holdAt` percent. Each step is advanced once it baked for its
 * bake time, and recorded at that moment. Only a rollout of this version that is ramping is
 * touched, so a second run, or a rollout someone paused, rolled back or finished by hand, is
 * left alone.
 */
async function walkRollout(db: Db, modelKey: string, version: string, holdAt: number | null, operator: Actor): Promise<boolean> {
  let changed = false;
  for (let i = 0; i < MAX_ADVANCES; i++) {
    const release = await db.release.findFirst({
      where: { model: { key: modelKey }, environment: RELEASE_ENVIRONMENT },
      select: { candidateVersion: true, candidatePercent: true, state: true, stepIndex: true, stepStartedAt: true, bakeMinutes: true },
    });
    if (!release || release.candidateVersion !== version || release.state !== "ramping") return changed;
    if (holdAt !== null && release.candidatePercent >= holdAt) return changed;
    const at = advanceTime(release.stepStartedAt ?? currentTime(), release.bakeMinutes, `${modelKey}@${version}:step${release.stepIndex}`);
    const reason = `${release.candidatePercent} % healthy for its ${release.bakeMinutes} min bake time`;
    await recordedAt(at, () => advanceRollout(db, operator, { modelKey, reason }));
    changed = true;
  }
  throw new Error(`demo data: the rollout of ${modelKey} ${version} did not finish in ${MAX_ADVANCES} steps`);
}

/** One dated piece of the history; true when it wrote something. */
type Step = { at: Date; run: () => Promise<boolean> };

/** Steps on the same moment keep the order they were planned in (registration before its evaluation). */
async function runInOrder(steps: Step[]): Promise<boolean> {
  let changed = false;
  const ordered = steps.map((s, i) => ({ ...s, i })).sort((a, b) => a.at.getTime() - b.at.getTime() || a.i - b.i);
  for (const s of ordered) if (await recordedAt(s.at, s.run)) changed = true;
  return changed;
}

const MINUTE = 60_000;

/**
 * A version's registration, evaluations, approvals and rollout as dated steps, through the
 * registry, lifecycle and release services. Each runs only while it is still due (no evaluation
 * recorded yet; the version STAGING and the reviewer undecided; its rollout ramping short of its
 * target), so a second run, or a version someone moved by hand, is left alone.
 */
function versionSteps(db: Db, model: DemoModel, index: number, v: DemoVersion, t: VersionTimes, actors: Map<string, Actor>): Step[] {
  const modelKey = model.meta.key;
  const version = v.manifest.model_version;
  const actor = (name: string) => {
    const a = actors.get(name);
    if (!a) throw new Error(`demo data: no actor ${name}`);
    return a;
  };
  const steps: Step[] = [
    {
      at: t.registeredAt,
      run: async () => {
        const text = v.format === "yaml" ? toYaml(v.manifest) : JSON.stringify(v.manifest, null, 2);
        const result = await registerVersion(db, actor("token" in v.by ? `token:${v.by.token}` : v.by.user), {
          modelKey,
          text,
          contentType: v.format === "yaml" ? "application/yaml" : "application/json",
        });
        return result.status === 201;
      },
    },
  ];
  // The first version creates the model; its name, owner and policy are set before its first
  // evaluation, so every evaluation is judged by the model's own gates.
  if (index === 0) {
    steps.push({
      at: new Date(t.registeredAt.getTime() + 4 * MINUTE),
      run: async () => {
        const admin = actor("admin@rollgate.demo");
        const described = await describeModel(db, admin, model.meta);
        const policy = await updatePolicy(db, admin, { modelKey, policy: model.meta.policy as Record<string, unknown>, via: "seed" });
        return described || policy.changed;
      },
    });
  }
  steps.push({
    at: t.evaluatedAt,
    run: async () => {
      const row = await db.modelVersion.findFirstOrThrow({
        where: { version, model: { key: modelKey } },
        select: { _count: { select: { evaluations: true } } },
      });
      if (row._count.evaluations > 0) return false;
      for (const e of v.evaluations ?? []) {
        const ci = actor(`token:${model.meta.ci}`);
        const replay = e.replaySet
          ? await demoReplay(db, ci, { modelKey, name: e.replaySet.name, baselineVersion: e.replaySet.baselineVersion })
          : (e.replay ?? null);
        await recordEvaluation(db, ci, { modelKey, version, dataset: e.dataset, metrics: e.metrics, replay });
      }
      return (v.evaluations ?? []).length > 0;
    },
  });
  (v.approvals ?? []).forEach((a, i) => {
    const at = t.approvedAt[i] as Date;
    steps.push({
      at,
      run: async () => {
        const reviewer = actor(a.by);
        if (reviewer.type !== "user") throw new Error(`demo data: reviewer ${a.by} is not a user`);
        const current = await db.modelVersion.findFirstOrThrow({
          where: { version, model: { key: modelKey } },
          select: { stage: true, approvals: { where: { reviewerId: reviewer.id }, select: { id: true } } },
        });
        if (current.stage !== "STAGING" || current.approvals.length > 0) return false;
        await approveVersion(db, reviewer, { modelKey, version, comment: a.comment });
        return true;
      },
    });
  });
  const last = t.approvedAt.at(-1);
  if (last) {
    // right after the approval that starts it; each advance then carries its own time
    steps.push({ at: last, run: () => walkRollout(db, modelKey, version, v.rollout?.holdAt ?? null, actor("operator@rollgate.demo")) });
  }
  return steps;
}

/** The number of advances before a rollout reaches `holdAt` percent on the model's ramp. */
function advancesBefore(model: DemoModel, holdAt: number): number {
  const i = model.meta.policy.rollout?.steps?.indexOf(holdAt) ?? -1;
  if (i < 0) throw new Error(`demo data: ${model.meta.key} has no ${holdAt} % step`);
  return i;
}

export async function loadDemoData(db: Db, opts: { now?: Date } = {}): Promise<DemoResult> {
  const seeder = systemActor("demo data");
  const models = demoModels();
  const { usersAt, times } = planHistory(
    models.flatMap((m) =>
      m.versions.map((v) => ({
        modelKey: m.meta.key,
        version: v.manifest.model_version,
        approvals: v.approvals?.length ?? 0,
        ...(v.rollout
          ? { live: { advances: advancesBefore(m, v.rollout.holdAt), bakeMinutes: m.meta.policy.rollout?.bakeMinutes ?? 0 } }
          : {}),
      })),
    ),
    opts.now ?? new Date(),
  );

  // Users: all created by the seed itself. Not by the demo admin: the admin's CI tokens register
  // versions, and an approver the registrant created recently would not count (separation of
  // duties, lib/lifecycle/independence.ts).
  const actors = new Map<string, Actor>();
  const steps: Step[] = DEMO_USERS.map((u, i) => ({
    at: new Date(usersAt.getTime() + i * 7 * MINUTE),
    run: async () => {
      let created = false;
      let row = await db.user.findUnique({ where: { email: u.email }, select: { id: true, email: true, role: true } });
      if (!row) {
        row = await createUser(db, seeder, { name: u.name, email: u.email, role: u.role, password: DEMO_PASSWORD });
        created = true;
      }
      actors.set(u.email, { type: "user", id: row.id, label: row.email, role: row.role });
      return created;
    },
  }));

  // Teams, created by the admin an hour after the last account, each with its members.
  DEMO_TEAMS.forEach((team, i) =>
    steps.push({
      at: new Date(usersAt.getTime() + (DEMO_USERS.length * 7 + 60 + i * 5) * MINUTE),
      run: () => loadTeam(db, actors.get("admin@rollgate.demo") ?? seeder, team),
    }),
  );

  // CI tokens, created by the admin the next day. Their secrets are not kept: they only stand for
  // the CI jobs that registered the versions. Real ones are made in Settings → API tokens.
  CI_TOKENS.forEach((t, i) =>
    steps.push({
      at: new Date(usersAt.getTime() + (24 * 60 + 30 + i * 12) * MINUTE),
      run: async () => {
        let token = (await listTokens(db)).find((x) => x.name === t.name && x.status === "active");
        const created = !token;
        if (!token) token = (await createToken(db, actors.get("admin@rollgate.demo") ?? seeder, { name: t.name, scopes: t.scopes })).token;
        actors.set(`token:${t.name}`, { type: "token", id: token.id, label: token.name, scopes: token.scopes });
        return created;
      },
    }),
  );

  for (const model of models) {
    model.versions.forEach((v, i) => {
      const t = times.get(`${model.meta.key}@${v.manifest.model_version}`) as VersionTimes;
      steps.push(...versionSteps(db, model, i, v, t, actors));
    });
  }

  const created = await runInOrder(steps);
  return { created, password: DEMO_PASSWORD, users: DEMO_USERS.map((u) => ({ ...u })) };
}
