/**
 * One event of each type, as its service writes it: the readers' tests run every one of them
 * through the webhook bodies, and a new event type fails the type-check here until it has one.
 */
import type { EventOf, EventType } from "./schemas";

const AT = "2026-02-01T10:00:00.000Z";
const MODEL = "fraud-score";

const move = { model: MODEL, environment: "production", epoch: 13, previousEpoch: 12, by: "lead@rollgate.example", actorType: "user", reason: null, at: AT } as const;

export const EXAMPLE_EVENTS: { [T in EventType]: EventOf<T> } = {
  "version.staged": {
    type: "version.staged",
    modelKey: MODEL,
    payload: { model: MODEL, version: "2026-02-01.1", stage: "STAGING", evaluationId: "ev_1", dataset: "holdout-2026-01", at: AT },
  },
  "approval.decided": {
    type: "approval.decided",
    modelKey: MODEL,
    payload: {
      model: MODEL,
      version: "2026-02-01.1",
      decision: "approved",
      reviewer: { id: "u_1", email: "approver@rollgate.example" },
      comment: "recall holds on the hard segment",
      approved: 1,
      required: 2,
      at: AT,
    },
  },
  "version.rejected": {
    type: "version.rejected",
    modelKey: MODEL,
    payload: { model: MODEL, version: "2026-02-01.1", stage: "REJECTED", reviewer: { id: "u_1", email: "approver@rollgate.example" }, comment: "recall dropped", at: AT },
  },
  "version.promoted": {
    type: "version.promoted",
    modelKey: MODEL,
    payload: { model: MODEL, version: "2026-02-01.1", stage: "PROD", previousStableVersion: "2026-01-15.2", retired: ["2025-12-01.1"], epoch: 13, by: "guardrail", at: AT },
  },
  "version.deprecated": {
    type: "version.deprecated",
    modelKey: MODEL,
    payload: {
      model: MODEL,
      version: "2025-12-01.1",
      stage: "DEPRECATED",
      previousStage: "RETIRED",
      deprecatesAt: "2026-03-01T00:00:00.000Z",
      reason: "use 2026-02-01.1",
      by: "ops@rollgate.example",
      at: AT,
    },
  },
  "version.archived": {
    type: "version.archived",
    modelKey: MODEL,
    payload: { model: MODEL, version: "2025-12-01.1", stage: "ARCHIVED", previousStage: "DEPRECATED", reason: "", by: "ops@rollgate.example", at: AT },
  },
  "release.started": {
    type: "release.started",
    modelKey: MODEL,
    payload: { ...move, version: "2026-02-01.1", stable: "2026-01-15.2", mode: "canary", percent: 5, steps: [5, 25, 50, 100], bakeMinutes: 30 },
  },
  "release.advanced": {
    type: "release.advanced",
    modelKey: MODEL,
    payload: { ...move, by: "guardrail", actorType: "guardrail", version: "2026-02-01.1", percent: 25, stepIndex: 1, steps: [5, 25, 50, 100] },
  },
  "release.paused": {
    type: "release.paused",
    modelKey: MODEL,
    payload: { ...move, reason: "holding over the weekend", version: "2026-02-01.1", percent: 25, stepIndex: 1 },
  },
  "release.resumed": {
    type: "release.resumed",
    modelKey: MODEL,
    payload: { ...move, version: "2026-02-01.1", percent: 25, stepIndex: 1 },
  },
  "release.aborted": {
    type: "release.aborted",
    modelKey: MODEL,
    payload: { ...move, reason: "wrong features", version: "2026-02-01.1", stable: "2026-01-15.2" },
  },
  "release.completed": {
    type: "release.completed",
    modelKey: MODEL,
    payload: { ...move, version: "2026-02-01.1", previousStableVersion: "2026-01-15.2", retired: [] },
  },
  "release.rolled_back": {
    type: "release.rolled_back",
    modelKey: MODEL,
    payload: {
      ...move,
      by: "on-call@rollgate.example",
      actorType: "token",
      reason: "p95 breach",
      oldEpoch: 12,
      newEpoch: 13,
      fromVersion: "2026-02-01.1",
      toVersion: "2026-01-15.2",
      stable: "2026-01-15.2",
      incidentId: "inc_1",
      trigger: "api",
    },
  },
  "release.held": {
    type: "release.held",
    modelKey: MODEL,
    payload: {
      model: MODEL,
      version: "2026-02-01.1",
      reason: "cost per 1k requests 0.41 > 0.30",
      checks: [{ name: "cost_per_1k", severity: "soft", value: 0.41, threshold: 0.3, op: "<=", sample: 812, passed: false }],
      epoch: 13,
      by: "guardrail",
      at: AT,
    },
  },
  "tenant.pinned": {
    type: "tenant.pinned",
    modelKey: MODEL,
    payload: {
      model: MODEL,
      environment: "production",
      tenant: "acme",
      version: "2026-01-15.2",
      previousVersion: null,
      reason: "contract freeze",
      epoch: 14,
      previousEpoch: 13,
      by: "ops@rollgate.example",
      at: AT,
    },
  },
  "tenant.unpinned": {
    type: "tenant.unpinned",
    modelKey: MODEL,
    payload: {
      model: MODEL,
      environment: "production",
      tenant: "acme",
      previousVersion: "2026-01-15.2",
      reason: "",
      epoch: 15,
      previousEpoch: 14,
      by: "ops@rollgate.example",
      at: AT,
    },
  },
  "drift.detected": {
    type: "drift.detected",
    modelKey: MODEL,
    payload: {
      model: MODEL,
      tenant: "acme",
      feature: "amount",
      psi: 0.3114,
      js: 0.08,
      ks: null,
      sample: 5120,
      window: "24h",
      thresholds: { psiWarn: 0.1, psiAlert: 0.25, jsAlert: 0.1, minSample: 200 },
      metric: "PSI",
      value: "0.311",
      baseline: "2026-01-15.2 (reference)",
      detectedAt: AT,
    },
  },
  "audit.checkpoint": {
    type: "audit.checkpoint",
    modelKey: null,
    payload: {
      id: "7",
      position: "1200",
      headHash: "9f2c…",
      eventCount: "1200",
      signedAt: AT,
      keyId: "k_2026",
      algorithm: "Ed25519",
      signature: "c2lnbmF0dXJl",
      publicKeyPem: "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n",
    },
  },
  "webhook.test": {
    type: "webhook.test",
    modelKey: null,
    payload: { webhookId: "wh_1", webhook: "ops-alerts", requestedBy: "admin@rollgate.example", at: AT },
  },
};
