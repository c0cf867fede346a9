/**
 * Loads the evidence chain of one prediction (chain.ts) from the registry, the lifecycle's
 * approvals and evaluations, the audit trail and the stored prediction. When the request id was
 * not kept, the caller may name the model, version and time it was served at, and the chain
 * continues from there, marked as given rather than recorded.
 */
import type { AuditEvent } from "../../generated/prisma/client";
import { modelVersionSubjectId } from "../audit/queries";
import type { Database } from "../database/open";
import type { Tx } from "../database/types";
import { diffManifests } from "../registry/server";
import { predictionMissingWhy } from "../telemetry/server";
import {
  missing,
  servedWhy,
  type ApprovalLink,
  type AuditRef,
  type EvaluationLink,
  type Link,
  type ManifestLink,
  type PredictionEvidence,
  type ReleaseAt,
  type Served,
} from "./chain";

/** What the prediction lookup found for the request id (lib/telemetry's getPrediction), or null. */
export type StoredPrediction = { model: string; version: string; tenant: string; time: string; route: string | null };

export type EvidenceQuery = { requestId: string; model?: string; version?: string; at?: Date };

const ref = (e: AuditEvent): AuditRef => ({
  seq: e.seq.toString(),
  at: e.at.toISOString(),
  action: e.action,
  actor: e.actorLabel,
  hash: e.hash,
  prevHash: e.prevHash,
});

/** The release as the last move at or before `at` left it. */
async function releaseAt(db: Tx, model: string, at: Date): Promise<Link<ReleaseAt>> {
  const e = await db.auditEvent.findFirst({
    where: { modelKey: model, subjectType: "release", action: { startsWith: "release." }, at: { lte: at } },
    orderBy: { seq: "desc" },
  });
  if (!e) return missing(`no release move of ${model} is recorded at or before ${at.toISOString()}`);
  const a = (e.after ?? {}) as Record<string, unknown>;
  const num = (v: unknown, d: number) => (typeof v === "number" ? v : d);
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    status: "present",
    epoch: num(a.epoch, 0),
    state: str(a.state) ?? "unknown",
    stableVersion: str(a.stableVersion),
    candidateVersion: str(a.candidateVersion),
    candidatePercent: num(a.candidatePercent, 0),
    stepIndex: num(a.stepIndex, 0),
    steps: Array.isArray(a.steps) ? a.steps.filter((s): s is number => typeof s === "number") : [],
    since: e.at.toISOString(),
    audit: ref(e),
  };
}

/** The audit events of one version, oldest first: registration, evaluations, staging, approvals. */
async function versionEvents(db: Tx, model: string, version: string): Promise<AuditEvent[]> {
  return db.auditEvent.findMany({
    where: { subjectType: "model_version", subjectId: modelVersionSubjectId(model, version) },
    orderBy: { seq: "asc" },
    take: 500,
  });
}

/** The rollout that put the version in front of traffic: the last release.started for it at or before `at`. */
async function rolloutOf(db: Tx, model: string, version: string, at: Date): Promise<PredictionEvidence["rollout"]> {
  const starts = await db.auditEvent.findMany({
    where: { modelKey: model, action: "release.started", at: { lte: at } },
    orderBy: { seq: "desc" },
    take: 50,
  });
  const e = starts.find((s) => (s.after as { candidateVersion?: unknown } | null)?.candidateVersion === version);
  if (!e)
    return missing(
      `no rollout of ${version} is recorded before ${at.toISOString()}: it became stable another way (the first version of a model, or a direct promotion)`,
    );
  return { status: "present", startedAt: e.at.toISOString(), startedBy: e.actorLabel, audit: ref(e) };
}

async function servedFrom(
  database: Database,
  q: EvidenceQuery,
  p: StoredPrediction | null,
): Promise<{ served: Link<Served>; at: Date | null }> {
  if (p) {
    return {
      served: {
        status: "present",
        model: p.model,
        version: p.version,
        tenant: p.tenant,
        at: p.time,
        route: p.route,
        why: "",
        source: "prediction",
      },
      at: new Date(p.time),
    };
  }
  const why = await predictionMissingWhy(database, q.requestId, q.model);
  if (q.model && q.version && q.at) {
    return {
      served: {
        status: "present",
        model: q.model,
        version: q.version,
        tenant: null,
        at: q.at.toISOString(),
        route: null,
        why: `given by the reader: ${why}`,
        source: "given",
      },
      at: q.at,
    };
  }
  return { served: missing(`${why}; name the model, version and time to follow the rest of the chain`), at: null };
}

export async function predictionEvidence(
  database: Database,
  q: EvidenceQuery,
  stored: StoredPrediction | null,
): Promise<PredictionEvidence> {
  const db = database.prisma;
  const { served, at } = await servedFrom(database, q, stored);
  const none = (what: string) => missing(`not followed: ${what}`);
  if (served.status === "missing" || !at) {
    const why = none("the request's model and version are unknown");
    return { requestId: q.requestId, served, release: why, rollout: why, approvals: why, evaluations: why, manifest: why, audit: [] };
  }
  const { model, version } = served;
  const release = await releaseAt(db, model, at);
  if (served.source === "prediction") served.why = servedWhy(served.route, release.status === "present" ? release : null);

  const row = await db.modelVersion.findFirst({
    where: { model: { key: model }, version },
    include: {
      approvals: { include: { reviewer: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } },
      evaluations: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) {
    const why = missing(`version ${version} of ${model} is not in the registry`);
    return { requestId: q.requestId, served, release, rollout: why, approvals: why, evaluations: why, manifest: why, audit: [] };
  }
  const events = await versionEvents(db, model, version);
  // an event answers for a row when it is of its kind and the closest in time
  const nearest = (action: string, t: Date) =>
    events
      .filter((e) => e.action === action)
      .sort((a, b) => Math.abs(a.at.getTime() - t.getTime()) - Math.abs(b.at.getTime() - t.getTime()))[0] ?? null;

  const approvals: ApprovalLink[] = row.approvals
    .filter((a) => a.createdAt <= at)
    .map((a) => ({
      reviewer: { name: a.reviewer.name || a.reviewer.email, email: a.reviewer.email },
      decision: a.decision,
      comment: a.comment,
      at: a.createdAt.toISOString(),
      invalidatedAt: a.invalidatedAt?.toISOString() ?? null,
      audit: (() => {
        const e = nearest("approval.decided", a.createdAt);
        return e ? ref(e) : null;
      })(),
    }));
  const evaluations: EvaluationLink[] = row.evaluations
    .filter((e) => e.createdAt <= at)
    .map((e) => ({
      dataset: e.dataset,
      passed: e.passed,
      metrics: e.metrics,
      gates: e.gates,
      reasons: e.reasons,
      replay: e.replay,
      baselineVersion: e.baselineVersion,
      by: e.createdBy,
      at: e.createdAt.toISOString(),
      audit: (() => {
        const a = nearest("evaluation.recorded", e.createdAt);
        return a ? ref(a) : null;
      })(),
    }));

  const parent = row.parentVersion
    ? await db.modelVersion.findFirst({ where: { modelId: row.modelId, version: row.parentVersion }, select: { manifest: true } })
    : null;
  const registered = events.find((e) => e.action === "version.registered") ?? null;
  const manifest: ManifestLink = {
    contentHash: row.contentHash,
    registeredBy: row.registeredBy,
    registeredAt: row.createdAt.toISOString(),
    parentVersion: row.parentVersion,
    changes: parent ? diffManifests(parent.manifest, row.manifest) : null,
    audit: registered ? ref(registered) : null,
  };
  const rollout = await rolloutOf(db, model, version, at);

  const cited = new Map<string, AuditRef>();
  const cite = (r: AuditRef | null | undefined) => r && cited.set(r.seq, r);
  if (release.status === "present") cite(release.audit);
  if (rollout.status === "present") cite(rollout.audit);
  approvals.forEach((a) => cite(a.audit));
  evaluations.forEach((e) => cite(e.audit));
  cite(manifest.audit);

  return {
    requestId: q.requestId,
    served,
    release,
    rollout,
    approvals: approvals.some((a) => a.decision === "approved")
      ? { status: "present", approvals }
      : missing(
          approvals.length
            ? `no approval of ${version} is recorded before ${at.toISOString()}, only rejections`
            : `no reviewer approved ${version} before ${at.toISOString()}: it was not promoted through a review (the first version of a model, or approvals were not required then)`,
        ),
    evaluations: evaluations.length
      ? { status: "present", evaluations }
      : missing(`no evaluation of ${version} is recorded before ${at.toISOString()}`),
    manifest: { status: "present", ...manifest },
    audit: [...cited.values()].sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1)),
  };
}
