/**
 * One guardrail evaluation of one release: read it, measure the window, decide, act through
 * the rollout service (the same moves as the buttons, actor "guardrail", compare-and-swap on
 * the epoch it read) and record the decision. A concurrent human move wins: the CAS refuses
 * the guardrail's move, nothing is recorded, and the next pass re-reads.
 */
import { env } from "../env";
import { readPrometheus, type PrometheusSource } from "./prometheus";
import { guardrailDecisions } from "../metrics/instruments";
import type { Actor } from "../auth/actor";
import type { Db, Tx } from "../database/types";
import { AppError } from "../errors";
import { emitEvent } from "../events/emit";
import { parsePolicy } from "../policy";
import { advanceRollout, pauseRollout, rollback } from "../rollout/service";
import { decide, inPostPromotionWindow, type Decision, type ReleaseSnapshot, type WindowStats } from "./decide";
import { limitsOf } from "./limits";
import { stepWindow, versionEvidence, type Window } from "./window";

export const GUARDRAIL_ACTOR: Actor = { type: "guardrail", id: null, label: "guardrail" };

/** The numbers a decision used, as stored with it and in the incident of its rollback. */
export type DecisionSample = {
  reason: string;
  phase: Decision["phase"];
  window: { from: string; to: string };
  minSample: number;
  candidate: WindowStats;
  stable: WindowStats | null;
  /** the watched version's newest minutes with at least minSample requests: what the absolute limits judged */
  recent?: WindowStats;
};

export type Evaluation = {
  modelKey: string;
  outcome: Decision["outcome"];
  reason: string;
  decision: Decision;
  sample: DecisionSample;
  /** what the rollout service did; null when nothing moved */
  moved: "rolled_back" | "advanced" | "completed" | "paused" | null;
  /** the release moved (or failed to) since it was read; the next pass re-reads */
  skipped: string | null;
  incidentId: string | null;
  epoch: number;
};

type Loaded = {
  release: ReleaseSnapshot & { id: string; epoch: number; modelId: string; rolloutStartedAt: Date | null };
  modelKey: string;
  policyJson: unknown;
};

async function load(db: Tx, releaseId: string): Promise<Loaded | null> {
  const r = await db.release.findUnique({ where: { id: releaseId }, include: { model: { select: { key: true, policy: true } } } });
  if (!r) return null;
  return { release: r, modelKey: r.model.key, policyJson: r.model.policy };
}

/** Whether the release is one the loop watches now (a candidate, or a post-promotion window). */
export type EvaluateOptions = {
  now?: Date;
  /** where the policy's Prometheus checks are read; default ROLLGATE_PROMETHEUS_URL */
  prometheus?: PrometheusSource | null;
};

function configuredPrometheus(): PrometheusSource | null {
  const { prometheusUrl, prometheusToken } = env();
  return prometheusUrl ? { url: prometheusUrl, token: prometheusToken ?? null } : null;
}

/** The stats as stored with a decision: the histogram served the decision and would only bloat the row. */
function withoutHistogram({ latencyHist: _histogram, ...stats }: WindowStats): WindowStats {
  return stats;
}

export async function evaluateRelease(db: Db, releaseId: string, opts: EvaluateOptions = {}): Promise<Evaluation | null> {
  const now = opts.now ?? new Date();
  const loaded = await load(db, releaseId);
  if (!loaded) return null;
  const { release, modelKey } = loaded;
  const parsed = parsePolicy(loaded.policyJson);
  if (!parsed.ok) return null;
  const policy = parsed.policy.guardrails;
  const canary = release.candidateVersion !== null && (release.state === "ramping" || release.state === "paused");
  if (!canary && !inPostPromotionWindow(release, policy, now)) return null;
  const watched = (canary ? release.candidateVersion : release.stableVersion) as string;

  const window: Window = stepWindow(canary ? release.stepStartedAt : release.completedAt, now, policy.windowMinutes);
  const version = await db.modelVersion.findUnique({
    where: { modelId_version: { modelId: release.modelId, version: watched } },
    select: { manifest: true },
  });
  const watchedEvidence = await versionEvidence(db, release.modelId, watched, window, policy.minSample);
  const stableEvidence =
    canary && release.stableVersion ? await versionEvidence(db, release.modelId, release.stableVersion, window, policy.minSample) : null;
  const candidate = watchedEvidence.window;
  const stable = stableEvidence?.window ?? null;
  const recent = watchedEvidence.recent;
  const prometheus =
    policy.prometheus.length === 0
      ? []
      : await readPrometheus(opts.prometheus === undefined ? configuredPrometheus() : opts.prometheus, policy.prometheus, {
          model: modelKey,
          candidate: watched,
          stable: canary ? release.stableVersion : release.previousStableVersion,
        });
  const decision = decide({ release, policy, limits: limitsOf(version?.manifest), candidate, stable, recent, prometheus, now });
  const sample: DecisionSample = {
    reason: decision.reason,
    phase: decision.phase,
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    minSample: policy.minSample,
    candidate: withoutHistogram(candidate),
    stable: stable && withoutHistogram(stable),
    recent,
  };
  const out: Evaluation = {
    modelKey,
    outcome: decision.outcome,
    reason: decision.reason,
    decision,
    sample,
    moved: null,
    skipped: null,
    incidentId: null,
    epoch: release.epoch,
  };
  // the rollout service keeps at most 1,000 characters of reason; the full numbers are in the decision
  // a move and the decision that made it commit together, or neither does
  const MOVED = { rolled_back: "rolled_back", completed: "completed", advanced: "advanced", paused: "paused" } as const;
  const alsoInTx = async (tx: Tx, m: { epoch: number; outcome: string }) => {
    out.epoch = m.epoch;
    out.moved = MOVED[m.outcome as keyof typeof MOVED] ?? null;
    await writeDecision(tx, release, out);
  };
  const input = { modelKey, ifMatchEpoch: release.epoch, reason: decision.reason.slice(0, 1000), alsoInTx };

  try {
    if (decision.outcome === "rollback") {
      const r = await rollback(db, GUARDRAIL_ACTOR, {
        ...input,
        metricsBefore: { source: "guardrail", checks: decision.checks, ...sample },
      });
      Object.assign(out, { moved: "rolled_back", incidentId: r.incidentId, epoch: r.epoch });
    } else if (decision.outcome === "advance" || decision.outcome === "complete") {
      const r = await advanceRollout(db, GUARDRAIL_ACTOR, input);
      Object.assign(out, { moved: r.outcome === "completed" ? "completed" : "advanced", epoch: r.epoch });
    } else if (decision.outcome === "hold" && release.state === "ramping") {
      const r = await pauseRollout(db, GUARDRAIL_ACTOR, input);
      Object.assign(out, { moved: "paused", epoch: r.epoch });
    }
  } catch (e) {
    if (e instanceof AppError && e.status < 500) {
      out.skipped = e.message;
      return out;
    }
    throw e;
  }
  if (out.moved === null) await db.$transaction((tx) => writeDecision(tx, release, out));
  return out;
}

/**
 * Every decision that changed something gets its own row; otherwise the latest row of the
 * release is refreshed in place when it says the same thing, so a quiet canary does not write
 * a row every ten seconds but the page still shows the latest numbers.
 */
async function writeDecision(tx: Tx, release: Loaded["release"], e: Evaluation): Promise<void> {
  const data = {
    releaseId: release.id,
    candidateVersion: release.candidateVersion,
    stableVersion: release.stableVersion,
    stepIndex: release.stepIndex,
    outcome: e.outcome,
    checks: e.decision.checks,
    sample: e.sample,
    epoch: e.epoch,
  };
  guardrailDecisions.inc({ outcome: e.outcome });
  const latest = await tx.guardrailDecision.findFirst({ where: { releaseId: release.id }, orderBy: { createdAt: "desc" } });
  const same =
    e.moved === null &&
    latest !== null &&
    latest.outcome === e.outcome &&
    latest.epoch === e.epoch &&
    latest.stepIndex === release.stepIndex &&
    latest.candidateVersion === release.candidateVersion;
  if (same) {
    await tx.guardrailDecision.update({
      where: { id: latest.id },
      data: { checks: data.checks, sample: data.sample, createdAt: new Date() },
    });
    return;
  }
  await tx.guardrailDecision.create({ data });
  if (e.outcome === "hold") {
    await emitEvent(tx, {
      type: "release.held",
      modelKey: e.modelKey,
      payload: {
        model: e.modelKey,
        version: release.candidateVersion ?? release.stableVersion,
        reason: e.reason,
        checks: e.decision.checks.filter((c) => !c.passed),
        epoch: e.epoch,
        by: GUARDRAIL_ACTOR.label,
        at: new Date().toISOString(),
      },
    });
  }
}

/** Ids of the releases the loop looks at: with a candidate, or completed recently enough. */
export async function watchedReleaseIds(db: Db, now: Date): Promise<string[]> {
  const rows = await db.release.findMany({
    where: {
      OR: [
        { candidateVersion: { not: null }, state: { in: ["ramping", "paused"] } },
        {
          candidateVersion: null,
          state: "idle",
          previousStableVersion: { not: null },
          completedAt: { gte: new Date(now.getTime() - 7 * 24 * 3_600_000) },
        },
      ],
    },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => r.id);
}
