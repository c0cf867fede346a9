/**
 * Reads for the approvals pages: the queue of STAGING versions and everything a reviewer needs
 * on one screen (diff against PROD, eval metrics side by side with PROD's, gate results, replay,
 * lineage, earlier decisions, and what the signed-in user may do). Server-only; every function
 * takes the Prisma client first and returns plain DTOs with dates as ISO strings.
 *
 * What the viewer may do is computed here for the page only: the service (decisions.ts) checks
 * the same rules again inside its transaction, so a stale or forged page changes nothing.
 */
import "server-only";
import type { Decision, ReleaseMode, ReleaseState, Role, Stage } from "../../generated/prisma/enums";
import { roleCan } from "../auth/permissions";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import type { Tx } from "../database/types";
import { getDiff, getVersion, prodVersionOf, type ApprovalDto, type ManifestDiff, type VersionDetail } from "../registry/server";
import { manifestRollout, planRollout } from "../rollout/plan";
import { releaseFields, rolloutRunning } from "../rollout/state-machine";
import { isRegistrant as isRegistrantOf, registrantUserId } from "./four-eyes";
import { eligibleExcept, reviewerContext } from "./reviewer-context";
import { dependenceReason } from "./independence";
import { turnsFor, type Turn, type TurnViewer, type WaitingCounts } from "./whose-turn";
import { pendingPolicyChange, type PendingPolicyChangeView } from "./policy-service";
import type { GateResult } from "./gates";
import { replayReviewOf, replaySetRef, type ReplayReview } from "./replay-review";
import { replaySetById } from "../replay/server";
import { approvalFit, gateStatus, namedBy, parsePolicy, type Policy } from "../policy";

// ---------------------------------------------------------------------------------------------
// The queue

export type ApprovalQueueRow = {
  model: { key: string; name: string };
  version: string;
  registeredBy: string;
  registeredByType: string;
  registeredAt: string;
  /** when the version entered STAGING: the start of its wait */
  stagedAt: string;
  approved: number;
  /** the policy's `approvals.required`; null when the model's stored policy is invalid */
  required: number | null;
  /** the newest evaluation (the one an approval is checked against); null when none */
  latestEvaluation: { id: string; passed: boolean; dataset: string; createdAt: string } | null;
  /** the viewer's part in it; null when the queue was read for nobody in particular */
  turn: Turn | null;
};

export type ApprovalQueue = {
  rows: ApprovalQueueRow[];
  total: number;
  page: number;
  pageSize: number;
  /** the server's clock when the queue was read, so waiting times agree with the rows */
  asOf: string;
  /** waiting for the viewer and for others, over the whole queue; null without a viewer */
  counts: WaitingCounts | null;
};

/** Which part of the queue to list: all of it, or only what waits for the viewer / for others. */
export type QueueFilter = "all" | "you" | "others";

const WAITING = { stage: "STAGING" as const };

/** How many versions wait for a decision (the nav badge). */
export function countWaiting(db: Tx): Promise<number> {
  return db.modelVersion.count({ where: WAITING });
}

function requiredApprovals(policy: unknown): number | null {
  const parsed = parsePolicy(policy);
  return parsed.ok ? parsed.policy.approvals.required : null;
}

/**
 * STAGING versions of every model, longest-waiting first (by when they entered STAGING). With a
 * viewer, each row says whose move it waits for, and `only` narrows the list to one side.
 */
export async function listApprovalQueue(
  db: Tx,
  { page = 1, pageSize = 50, viewer, only = "all" }: { page?: number; pageSize?: number; viewer?: TurnViewer; only?: QueueFilter } = {},
): Promise<ApprovalQueue> {
  const asOf = new Date().toISOString();
  let where: { stage: "STAGING"; id?: { in: string[] } } = WAITING;
  let counts: WaitingCounts | null = null;
  if (viewer) {
    const all = await db.modelVersion.findMany({
      where: WAITING,
      select: { id: true, registeredByType: true, registeredById: true, registeredBy: true, model: { select: { policy: true } } },
    });
    const turns = await turnsFor(
      db,
      viewer,
      all.map((r) => ({ ...r, policy: r.model.policy })),
    );
    const mine = all.filter((r) => turns.get(r.id)?.kind === "you").map((r) => r.id);
    counts = { forYou: mine.length, forOthers: all.length - mine.length };
    if (only !== "all") {
      const picked = new Set(mine);
      where = { ...WAITING, id: { in: all.filter((r) => picked.has(r.id) === (only === "you")).map((r) => r.id) } };
    }
  }
  const total = only !== "all" && where.id ? where.id.in.length : await countWaiting(db);
  const rows = await db.modelVersion.findMany({
    where,
    orderBy: [{ stageChangedAt: "asc" }, { id: "asc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: {
      id: true,
      version: true,
      registeredBy: true,
      registeredByType: true,
      registeredById: true,
      createdAt: true,
      stageChangedAt: true,
      model: { select: { key: true, name: true, policy: true } },
      _count: { select: { approvals: { where: { decision: "approved", invalidatedRound: 0 } } } },
      evaluations: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 1,
        select: { id: true, passed: true, dataset: true, createdAt: true },
      },
    },
  });
  const turns = viewer
    ? await turnsFor(
        db,
        viewer,
        rows.map((r) => ({ ...r, policy: r.model.policy })),
      )
    : null;
  return {
    total,
    page,
    pageSize,
    asOf,
    counts,
    rows: rows.map((v) => {
      const e = v.evaluations[0];
      return {
        model: { key: v.model.key, name: v.model.name },
        version: v.version,
        registeredBy: v.registeredBy,
        registeredByType: v.registeredByType,
        registeredAt: v.createdAt.toISOString(),
        stagedAt: v.stageChangedAt.toISOString(),
        approved: v._count.approvals,
        required: requiredApprovals(v.model.policy),
        latestEvaluation: e ? { id: e.id, passed: e.passed, dataset: e.dataset, createdAt: e.createdAt.toISOString() } : null,
        turn: turns?.get(v.id) ?? null,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Metric comparison (pure)

export type MetricDirection = "higher_is_better" | "lower_is_better";
export type MetricVerdict = "better" | "worse" | "same" | "unknown";

export type MetricComparison = {
  metric: string;
  /** this version's value; null when its evaluation did not report the metric */
  value: number | null;
  /** the comparison version's value; null when there is none or it did not report the metric */
  baseline: number | null;
  /** value − baseline, in the metric's units; null unless both are known */
  delta: number | null;
  /** from the policy: a regression gate's direction, else the op of its absolute gates */
  direction: MetricDirection | null;
  /** better/worse need a direction; `same` within the gates' floating-point tolerance */
  verdict: MetricVerdict;
};

/**
 * Which way is better for a metric, as the model's policy says: a regression gate names the
 * direction; otherwise absolute gates imply it (`>=` → higher is better, `<=` → lower). A metric
 * the policy does not gate, or gates both ways (a range), has no direction: its delta is neutral.
 */
export function metricDirection(policy: Policy | null, metric: string): MetricDirection | null {
  if (!policy) return null;
  const regression = policy.maxRegression.find((g) => g.metric === metric);
  if (regression) return regression.direction;
  const ops = new Set(policy.evalGates.filter((g) => g.metric === metric).map((g) => g.op));
  if (ops.size !== 1) return null;
  return ops.has(">=") ? "higher_is_better" : "lower_is_better";
}

/** The same tolerance as gates.ts: 0.91 − 0.90 is not a change of 0.010000000000000009. */
function isSame(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

/**
 * This version's metrics side by side with the comparison version's, on the union of both:
 * the metrics the policy gates first (in policy order: what decided the verdict), then the rest
 * by name. Not in the order CI sent them: jsonb does not keep key order.
 */
export function compareMetrics(
  metrics: Readonly<Record<string, number>>,
  baseline: Readonly<Record<string, number>> | null,
  policy: Policy | null,
): MetricComparison[] {
  const all = new Set([...Object.keys(metrics), ...Object.keys(baseline ?? {})]);
  const gated = policy ? [...policy.evalGates.map((g) => g.metric), ...policy.maxRegression.map((g) => g.metric)] : [];
  const first = [...new Set(gated)].filter((n) => all.has(n));
  const names = [...first, ...[...all].filter((n) => !first.includes(n)).sort()];
  return names.map((metric) => {
    const value = metrics[metric] ?? null;
    const base = baseline?.[metric] ?? null;
    const direction = metricDirection(policy, metric);
    if (value === null || base === null) return { metric, value, baseline: base, delta: null, direction, verdict: "unknown" };
    const delta = value - base;
    let verdict: MetricVerdict = "unknown";
    if (isSame(value, base)) verdict = "same";
    else if (direction) verdict = (direction === "higher_is_better") === delta > 0 ? "better" : "worse";
    return { metric, value, baseline: base, delta, direction, verdict };
  });
}

// ---------------------------------------------------------------------------------------------
// One version under review

export type Viewer = { id: string; email: string; role: Role };

/**
 * What the version is compared with:
 * - `prod`: the version serving production now (another version);
 * - `replaced`: this version is PROD, and this is the stable version it replaced (the rollback
 *   target), so the page still shows what the approval changed;
 * - `parent`: nothing else is in PROD (a first release); the manifest diff is against the parent.
 */
export type ComparisonBase = { version: string; stage: Stage; kind: "prod" | "replaced" | "parent" };

export type ReviewEvaluation = {
  id: string;
  dataset: string;
  passed: boolean;
  reasons: string[];
  createdBy: string;
  createdAt: string;
  /** the PROD version its gates compared with when it was recorded; null when nothing was in PROD */
  baselineVersion: string | null;
};

export type { ReplayReview } from "./replay-review";

export type DecisionState =
  /** may approve or reject */
  | { kind: "open" }
  /** viewer or operator: read-only */
  | { kind: "no-permission" }
  /** this reviewer already decided (one decision each) */
  | { kind: "decided"; decision: Decision; at: string }
  /** the version is not STAGING: nothing to decide */
  | { kind: "closed" };

/**
 * What the approval that completes the review will do (promotion.ts), so the page can say it:
 * - `first`: nothing serves yet, so the version becomes PROD at once;
 * - `rollout`: its rollout starts as the manifest's strategy says, next to `stable`: a canary at
 *   its first step, blue-green at 100 % as the candidate, or a shadow copied `percent` of requests;
 * - `blocked`: another version's rollout is running; the approval would be refused until it ends.
 * Null when the version is not STAGING or the model's policy is invalid (nothing can be approved).
 */
export type ApprovalOutcome =
  { kind: "first" } | { kind: "rollout"; mode: ReleaseMode; percent: number; stable: string } | { kind: "blocked"; candidate: string };

/** The production release as the approval page shows it next to the version. */
export type ReviewRelease = {
  stableVersion: string | null;
  previousStableVersion: string | null;
  candidateVersion: string | null;
  /** the candidate's share in percent (shadow: of requests copied to it) */
  candidatePercent: number;
  mode: ReleaseMode;
  state: ReleaseState;
  epoch: number;
};

/** A named reviewer as the page shows it: a team (with its name) or a person. */
export type ReviewerRef = { ref: string; kind: "team" | "user"; label: string };

export type ReviewRule = {
  index: number;
  reviewers: ReviewerRef[];
  required: number;
  met: boolean;
  approvedBy: { name: string; email: string }[];
  /** enabled approvers it names who have not decided, the registrant excluded */
  canStill: { name: string; email: string }[];
  /** whether this rule names the viewer */
  namesViewer: boolean;
};

export type ApprovalReview = {
  /** the server's clock when the review was read (how long it has waited) */
  asOf: string;
  model: { key: string; name: string; ownerTeam: string; ownerTeamName: string | null };
  version: VersionDetail;
  /** the policy, or why it cannot be applied (an admin must fix it first) */
  policy: { ok: true; policy: Policy } | { ok: false; problems: string[] };
  /** the version serving production now; null when nothing is in PROD */
  prodVersion: string | null;
  base: ComparisonBase | null;
  diff: ManifestDiff | null;
  latestEvaluation: ReviewEvaluation | null;
  /** the comparison version's evaluation the metric table uses (same dataset when it has one) */
  baseEvaluation: { version: string; dataset: string; createdAt: string } | null;
  metrics: MetricComparison[];
  gates: GateResult[];
  replay: ReplayReview | null;
  decisions: ApprovalDto[];
  approvals: {
    approved: number;
    required: number | null;
    remaining: number | null;
    approvers: { name: string; email: string }[];
    /** the viewer's approval would meet the gate (and start the release) */
    viewerCompletes: boolean;
  };
  /** the named-reviewer rules, each with who satisfied it and who can still; empty without rules */
  rules: ReviewRule[];
  release: ReviewRelease | null;
  /** what approving it (the approval that completes the count) does now */
  onApproval: ApprovalOutcome | null;
  viewer: {
    state: DecisionState;
    /** registered the version: may reject (withdraw) but never approve it */
    isRegistrant: boolean;
    /** why Approve is not offered although the viewer may decide; null when it is */
    approveBlocked: string | null;
    /** the registrant created or promoted this viewer within the independence window: why their approval would not count */
    dependent: string | null;
  };
  /** a change weakening the model's approval gate, waiting for a second admin; null when none */
  pendingPolicyChange: PendingPolicyChangeView | null;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function numbers(json: unknown): Record<string, number> {
  if (!isRecord(json)) return {};
  return Object.fromEntries(Object.entries(json).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1])));
}

function gateResults(json: unknown): GateResult[] {
  if (!Array.isArray(json)) return [];
  return json.filter(
    (g): g is GateResult => isRecord(g) && typeof g.gate === "string" && typeof g.passed === "boolean" && typeof g.message === "string",
  );
}

function strings(json: unknown): string[] {
  return Array.isArray(json) ? json.filter((s): s is string => typeof s === "string") : [];
}

const NEWEST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** The newest evaluation of a version on `dataset`, else its newest on any dataset (as prodBaseline picks). */
async function evaluationFor(db: Tx, versionId: string, dataset: string | undefined) {
  const select = { metrics: true, dataset: true, createdAt: true } as const;
  return (
    (dataset !== undefined ? await db.evaluation.findFirst({ where: { versionId, dataset }, orderBy: NEWEST, select }) : null) ??
    (await db.evaluation.findFirst({ where: { versionId }, orderBy: NEWEST, select }))
  );
}

/** Everything the approval page shows for one version; null when the model or version does not exist. */
export async function getApprovalReview(db: Tx, modelKey: string, versionId: string, viewer: Viewer): Promise<ApprovalReview | null> {
  const asOf = new Date().toISOString();
  const model = await db.model.findUnique({
    where: { key: modelKey },
    select: { id: true, key: true, name: true, ownerTeam: true, policy: true },
  });
  if (!model) return null;
  const version = await getVersion(db, model.key, versionId);
  if (!version) return null;
  const row = await db.modelVersion.findUniqueOrThrow({
    where: { modelId_version: { modelId: model.id, version: version.version } },
    select: { id: true, registeredBy: true, registeredByType: true, registeredById: true, parentVersion: true },
  });
  const parsed = parsePolicy(model.policy);
  const policy = parsed.ok ? parsed.policy : null;

  const prodVersion = await prodVersionOf(db, model.id);
  const releaseFull = await db.release.findUnique({
    where: { modelId_environment: { modelId: model.id, environment: RELEASE_ENVIRONMENT } },
  });
  const releaseRow: ReviewRelease | null = releaseFull
    ? {
        stableVersion: releaseFull.stableVersion,
        previousStableVersion: releaseFull.previousStableVersion,
        candidateVersion: releaseFull.candidateVersion,
        candidatePercent: releaseFull.candidatePercent,
        mode: releaseFull.mode,
        state: releaseFull.state,
        epoch: releaseFull.epoch,
      }
    : null;

  let baseId: string | null = null;
  let kind: ComparisonBase["kind"] = "prod";
  if (prodVersion && prodVersion !== version.version) baseId = prodVersion;
  else if (prodVersion === version.version && releaseRow?.stableVersion === version.version && releaseRow.previousStableVersion) {
    baseId = releaseRow.previousStableVersion;
    kind = "replaced";
  } else if (!prodVersion && row.parentVersion) {
    baseId = row.parentVersion;
    kind = "parent";
  }
  const baseRow = baseId
    ? await db.modelVersion.findUnique({
        where: { modelId_version: { modelId: model.id, version: baseId } },
        select: { id: true, version: true, stage: true },
      })
    : null;
  const base: ComparisonBase | null = baseRow ? { version: baseRow.version, stage: baseRow.stage, kind } : null;
  const diff = base ? await getDiff(db, model.key, base.version, version.version) : null;

  // The same "latest" as the service's approval check (decisions.ts), ties broken by id.
  const latest = await db.evaluation.findFirst({ where: { versionId: row.id }, orderBy: NEWEST });
  const latestEvaluation: ReviewEvaluation | null = latest
    ? {
        id: latest.id,
        dataset: latest.dataset,
        passed: latest.passed,
        reasons: strings(latest.reasons),
        createdBy: latest.createdBy,
        createdAt: latest.createdAt.toISOString(),
        baselineVersion: latest.baselineVersion,
      }
    : null;

  // Metrics are compared with a version that served (or serves) production, never with a parent
  // that never did: "better than a version nobody used" is not what the reviewer is asked.
  const evalBase = baseRow && base?.kind !== "parent" ? await evaluationFor(db, baseRow.id, latest?.dataset) : null;
  const metrics = latest ? compareMetrics(numbers(latest.metrics), evalBase ? numbers(evalBase.metrics) : null, policy) : [];
  const gates = latest ? gateResults(latest.gates) : [];

  const setRef = latest ? replaySetRef(latest.replay) : null;
  const replay: ReplayReview | null = latest
    ? replayReviewOf(latest.replay, {
        minAgreement: policy?.replay.minAgreement ?? null,
        gate: gates.find((g) => g.gate === "replay") ?? null,
        set: setRef ? await replaySetById(db, model, setRef.id) : null,
      })
    : null;

  // decisions from before a rollback of its rollout are history: they no longer count
  const approvedRows = version.approvals.filter((a) => a.decision === "approved" && !a.invalidatedAt);
  const people = await reviewerContext(db);
  const registrantId = await registrantUserId(db, row);
  const gate = policy
    ? gateStatus(
        policy.approvals,
        approvedRows.map((a) => a.reviewer.id),
        people.dir,
        eligibleExcept(people, registrantId),
      )
    : null;
  // with rules, only the approvals a rule counts (someone since removed from a team no longer does)
  const approvedBy = gate ? approvedRows.filter((a) => gate.approvedBy.includes(a.reviewer.id)) : approvedRows;
  const person = (id: string) => {
    const p = people.people.get(id);
    return { name: p?.name ?? id, email: p?.email ?? id };
  };
  const rules: ReviewRule[] = (gate?.rules ?? []).map((r) => ({
    index: r.index,
    reviewers: r.reviewers.map((ref): ReviewerRef => {
      const key = ref.slice(5);
      return ref.startsWith("team:")
        ? { ref, kind: "team", label: people.teamNames.get(key) ?? key }
        : { ref, kind: "user", label: people.people.get(people.dir.users.get(key) ?? "")?.name ?? key };
    }),
    required: r.required,
    met: r.met,
    approvedBy: r.approvedBy.map(person),
    canStill: r.canStill.map(person),
    namesViewer: namedBy(r, people.dir).has(viewer.id),
  }));
  const required = policy?.approvals.required ?? null;
  const mine = version.approvals.find((a) => a.reviewer.id === viewer.id && !a.invalidatedAt);
  const isRegistrant = await isRegistrantOf(db, row, viewer);

  let state: DecisionState;
  if (version.stage !== "STAGING") state = { kind: "closed" };
  else if (!roleCan(viewer.role, "approvals:decide")) state = { kind: "no-permission" };
  else if (mine) state = { kind: "decided", decision: mine.decision, at: mine.createdAt };
  else state = { kind: "open" };

  let onApproval: ApprovalOutcome | null = null;
  if (policy && version.stage === "STAGING") {
    // The same rules as the approval's transaction (promotion.ts, lib/rollout startRolloutTx).
    const running = releaseFull ? rolloutRunning(releaseFields(releaseFull)) : false;
    if (running && releaseFull?.candidateVersion) {
      onApproval = { kind: "blocked", candidate: releaseFull.candidateVersion };
    } else if (!prodVersion) {
      onApproval = { kind: "first" };
    } else {
      const plan = planRollout(manifestRollout(version.manifest), policy.rollout);
      const percent = plan.mode === "shadow" ? plan.shadowPercent : (plan.steps[0] ?? 100);
      onApproval = { kind: "rollout", mode: plan.mode, percent, stable: prodVersion };
    }
  }
  // approvals still needed; with rules a lower bound, since one person may meet several rules
  const ruleShortfall = Math.max(0, ...rules.map((r) => r.required - r.approvedBy.length));
  const remaining = required === null ? null : gate?.met ? 0 : Math.max(required - approvedBy.length, ruleShortfall, 1);
  // with rules, whether this viewer's approval completes depends on which rules name them
  const viewerCompletes =
    gate !== null && policy !== null && !gate.met
      ? gateStatus(
          policy.approvals,
          [...approvedRows.map((a) => a.reviewer.id), viewer.id],
          people.dir,
          eligibleExcept(people, registrantId),
        ).met
      : false;
  const fit = gate && policy ? approvalFit(gate, viewer.id, people.dir, policy.approvals) : null;

  const dependent =
    state.kind === "open" && !isRegistrant && policy ? await dependenceReason(db, row, viewer.id, policy.approvals.independenceDays) : null;
  let approveBlocked: string | null = null;
  if (state.kind === "open") {
    if (isRegistrant) approveBlocked = "You registered this version, so you cannot approve it (four-eyes).";
    else if (dependent) approveBlocked = dependent;
    else if (fit && !fit.ok) approveBlocked = fit.reason;
    else if (!parsed.ok) approveBlocked = "The model's stored policy is invalid; an admin must fix it on the model's Settings tab first.";
    else if (latestEvaluation && !latestEvaluation.passed) {
      approveBlocked = "Its latest evaluation failed its gates: evaluate it again or reject it.";
    } else if (onApproval?.kind === "blocked" && viewerCompletes) {
      approveBlocked = `A rollout of ${onApproval.candidate} is in progress: it must complete or be rolled back before this version can be approved.`;
    }
  }

  return {
    asOf,
    model: { key: model.key, name: model.name, ownerTeam: model.ownerTeam, ownerTeamName: people.teamNames.get(model.ownerTeam) ?? null },
    version,
    policy: parsed.ok ? { ok: true, policy: parsed.policy } : { ok: false, problems: parsed.issues.map((i) => `${i.path}: ${i.message}`) },
    prodVersion,
    base,
    diff,
    latestEvaluation,
    baseEvaluation:
      evalBase && baseRow ? { version: baseRow.version, dataset: evalBase.dataset, createdAt: evalBase.createdAt.toISOString() } : null,
    metrics,
    gates,
    replay,
    decisions: version.approvals,
    approvals: {
      approved: approvedBy.length,
      required,
      remaining,
      viewerCompletes,
      approvers: approvedBy.map((a) => ({ name: a.reviewer.name, email: a.reviewer.email })),
    },
    rules,
    release: releaseRow,
    onApproval,
    viewer: { state, isRegistrant, approveBlocked, dependent },
    pendingPolicyChange: await pendingPolicyChange(db, model.key),
  };
}
