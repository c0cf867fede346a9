/**
 * A realistic, valid manifest for tests across the app: a card-fraud scoring model that also
 * drafts analyst case summaries with an LLM (hence a tokenizer and prompt templates). Every
 * call returns a fresh object, so a test can mutate it freely.
 */
import type { Manifest } from "./manifest-schema";

export const FIXTURE_MODEL_KEY = "fraud-scoring";

export const FIXTURE_DIGESTS = {
  artifact: "a5636f120aaf9cd583b0e8d056161ee2bba713227bbebf00557221b3551b1550",
  container: "5ca866ce39d8fa559e043792dea0a0be20bfd5883c88788498e7c43682f22ebd",
  trainingData: "32d481eb7c405c41fde176da341a7429e1026414665cf9a845d00abf1ffe6f7c",
  caseSummaryPrompt: "6f7fdbc8d092fc75156a3a8a9e00c012592ddf5cbd34b4730207f9c7c129fd2c",
  customerNoticePrompt: "2762c87b4a209f1e7c969391e5943ed72eefd7ea5b2c7f54fe5fe63b78946476",
  tokenizer: "611a98b73c6a4d73bf9b665a69a7c458b94dd4fb67f75d45fd9574671ce5fb69",
} as const;

export function fraudScoringManifest(): Manifest {
  return {
    model_id: FIXTURE_MODEL_KEY,
    model_version: "2026-01-15.2",
    parent_version: "2026-01-15.1",
    changelog: "Retrained on transactions through 2025-12-31; review threshold recalibrated from 0.65 to 0.62.",
    artifact_uri: "s3://rollgate-models/fraud-scoring/2026-01-15.2/model.onnx",
    artifact_sha256: FIXTURE_DIGESTS.artifact,
    preprocess_version: "3.4.1",
    schema_version: "2.3.0",
    tokenizer: {
      name: "merchant-descriptor-wordpiece",
      version: "2.1.0",
      sha256: FIXTURE_DIGESTS.tokenizer,
    },
    prompt_templates: [
      { name: "case_summary", version: "1.3.0", sha256: FIXTURE_DIGESTS.caseSummaryPrompt },
      { name: "customer_notice", version: "0.9.2", sha256: FIXTURE_DIGESTS.customerNoticePrompt },
    ],
    postprocess: {
      thresholds: { review: 0.62, block: 0.91 },
      rules: ["block_if_card_reported_stolen", { name: "cap_score_for_allowlisted_merchants", max_score: 0.4 }],
    },
    training_data: {
      snapshot_uri: "s3://rollgate-data/fraud/snapshots/2025-12-31/",
      sha256: FIXTURE_DIGESTS.trainingData,
      time_range: { from: "2025-01-01", to: "2025-12-31T23:59:59Z" },
      schema_version: "2.3.0",
    },
    runtime: {
      python: "3.11.9",
      framework: "onnxruntime==1.20.1",
      container: `ghcr.io/acme/fraud-scoring@sha256:${FIXTURE_DIGESTS.container}`,
    },
    limits: { p95_latency_ms: 120, max_error_rate: 0.01 },
    quality: { metric: "precision_at_review", min: 0.82 },
    rollout: { strategy: "canary", initial_traffic_percent: 5, steps: [25, 50, 100], bake_minutes: 30 },
    observability: {
      log_fields: ["tenant_id", "model_version", "request_id", "score", "decision"],
    },
    features: [
      {
        name: "amount_eur",
        kind: "numeric",
        bins: [0, 10, 50, 200, 1000, 10000],
        baseline: [182340, 240115, 131872, 40211, 5390],
      },
      {
        name: "merchant_category",
        kind: "categorical",
        categories: ["grocery", "travel", "electronics", "gambling"],
        // The fifth count is the "other" bucket: categories not listed above.
        baseline: [310554, 92113, 71640, 8420, 117201],
      },
    ],
  };
}

/**
 * The same manifest as a CI job would write it in YAML: different key order, comments,
 * unquoted scalars. Parsing it must give exactly `fraudScoringManifest()`.
 */
export function fraudScoringManifestYaml(): string {
  return `# Fraud scoring, January retrain
model_version: "2026-01-15.2"
model_id: fraud-scoring
parent_version: "2026-01-15.1"
changelog: >-
  Retrained on transactions through 2025-12-31;
  review threshold recalibrated from 0.65 to 0.62.

runtime:
  container: ghcr.io/acme/fraud-scoring@sha256:${FIXTURE_DIGESTS.container}
  framework: onnxruntime==1.20.1
  python: "3.11.9"

artifact_sha256: ${FIXTURE_DIGESTS.artifact}
artifact_uri: s3://rollgate-models/fraud-scoring/2026-01-15.2/model.onnx
schema_version: "2.3.0"
preprocess_version: "3.4.1"

tokenizer: {version: "2.1.0", name: merchant-descriptor-wordpiece, sha256: ${FIXTURE_DIGESTS.tokenizer}}

prompt_templates:
  - name: case_summary
    sha256: ${FIXTURE_DIGESTS.caseSummaryPrompt}
    version: "1.3.0"
  - version: "0.9.2"
    name: customer_notice
    sha256: ${FIXTURE_DIGESTS.customerNoticePrompt}

postprocess:
  rules:
    - block_if_card_reported_stolen
    - max_score: 0.4
      name: cap_score_for_allowlisted_merchants
  thresholds:
    block: 0.91
    review: 0.62

training_data:
  schema_version: "2.3.0"
  snapshot_uri: s3://rollgate-data/fraud/snapshots/2025-12-31/
  sha256: ${FIXTURE_DIGESTS.trainingData}
  time_range:
    from: 2025-01-01
    to: 2025-12-31T23:59:59Z

limits:
  max_error_rate: 0.01   # a fraction: 1 % of requests
  p95_latency_ms: 120
quality: {min: 0.82, metric: precision_at_review}

rollout:
  strategy: canary
  initial_traffic_percent: 5
  steps: [25, 50, 100]
  bake_minutes: 30

observability:
  log_fields: [tenant_id, model_version, request_id, score, decision]

features:
  - name: amount_eur
    kind: numeric
    bins: [0, 10, 50, 200, 1000, 10000]
    baseline: [182340, 240115, 131872, 40211, 5390]
  - kind: categorical
    name: merchant_category
    categories: [grocery, travel, electronics, gambling]
    baseline: [310554, 92113, 71640, 8420, 117201]  # last: other
`;
}
