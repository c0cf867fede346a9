/**
 * What an evidence pack holds, read from the database for one model and one time range.
 *
 * Versions in scope are those the range touched: registered in it, serving in it (prediction
 * rollups), named by its guardrail decisions or incidents, or the release's pointers now. Their
 * evaluations and approvals come whatever their date (up to the range's end), since the evidence
 * that let a version serve usually predates the serving. Everything else is what happened in the
 * range. Prediction counts come from the day rollups, so they cover whole UTC days.
 */
import type { AuditCheckpoint, AuditEvent } from "../../generated/prisma/client";
import { GENESIS_HASH } from "../audit/chain";
import { toCheckpointDto } from "../audit/checkpoint";
import { toAuditEventDto } from "../audit/queries";
import { modelByKeyOrThrow } from "../database/models";
import type { Database } from "../database/open";
import { loadDriftContext } from "../drift/context";
import { buildHeatmap } from "../drift/queries";
import { listReplaySetsUntil } from "../replay/server";
import type { ChainLine, ChainSection } from "./verify-pack";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export type EvidenceRange = { model: string; from: Date; to: Date; now: Date };

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const inRange = (r: EvidenceRange) => ({ gte: r.from, lte: r.to });

export async function collectEvidence(database: Database, r: EvidenceRange) {
  const db = database.prisma;
  const model = await modelByKeyOrThrow(db, r.model, {
    id: true,
    key: true,
    name: true,
    description: true,
    ownerTeam: true,
    policy: true,
    policyRevision: true,
    policyUpdatedAt: true,
    policyUpdatedBy: true,
    policyUpdatedVia: true,
    createdAt: true,
  });
  const releases = await db.release.findMany({ where: { modelId: model.id }, orderBy: { createdAt: "asc" } });
  const releaseIds = releases.map((x) => x.id);
  const [decisions, incidents, rollups, registered] = await Promise.all([
    db.guardrailDecision.findMany({ where: { releaseId: { in: releaseIds }, createdAt: inRange(r) }, orderBy: { createdAt: "asc" } }),
    db.incident.findMany({
      where: { modelId: model.id, rolledBackAt: inRange(r) },
      orderBy: { rolledBackAt: "asc" },
      include: { notes: { orderBy: { createdAt: "asc" } } },
    }),
    db.metricRollup.findMany({
      where: {
        modelId: model.id,
        grain: "day",
        tenant: "*",
        bucket: { gte: new Date(Math.floor(r.from.getTime() / DAY_MS) * DAY_MS), lte: r.to },
      },
      select: { version: true, bucket: true, count: true, errorCount: true },
      orderBy: [{ bucket: "asc" }, { version: "asc" }],
    }),
    db.modelVersion.findMany({ where: { modelId: model.id, createdAt: inRange(r) }, select: { version: true } }),
  ]);

  const named = new Set<string>(registered.map((v) => v.version));
  for (const x of rollups) if (x.count > 0) named.add(x.version);
  for (const d of decisions) for (const v of [d.candidateVersion, d.stableVersion]) if (v) named.add(v);
  for (const i of incidents) named.add(i.fromVersion).add(i.toVersion);
  for (const x of releases) for (const v of [x.stableVersion, x.candidateVersion, x.previousStableVersion]) if (v) named.add(v);

  const versions = await db.modelVersion.findMany({
    where: { modelId: model.id, version: { in: [...named] }, createdAt: { lte: r.to } },
    orderBy: { createdAt: "asc" },
  });
  const versionIds = versions.map((v) => v.id);
  const versionOf = new Map(versions.map((v) => [v.id, v.version]));
  const [evaluations, approvals] = await Promise.all([
    db.evaluation.findMany({ where: { versionId: { in: versionIds }, createdAt: { lte: r.to } }, orderBy: { createdAt: "asc" } }),
    db.approval.findMany({
      where: { versionId: { in: versionIds }, createdAt: { lte: r.to } },
      orderBy: { createdAt: "asc" },
      include: { reviewer: { select: { email: true, name: true } } },
    }),
  ]);

  // the model's replay sets' metadata (never their items, which are production data): the sets
  // its evaluations' replays name, with their frozen hashes
  const replaySets = await listReplaySetsUntil(db, model, r.to);
  const audit = await auditRange(database, r);
  const moves = audit.modelEvents.filter((e) => e.action.startsWith("release.") || e.action.startsWith("tenant."));

  return {
    model: {
      key: model.key,
      name: model.name,
      description: model.description,
      ownerTeam: model.ownerTeam,
      createdAt: iso(model.createdAt),
      policy: model.policy,
      policyRevision: model.policyRevision,
      policyUpdatedAt: iso(model.policyUpdatedAt),
      policyUpdatedBy: model.policyUpdatedBy,
      policyUpdatedVia: model.policyUpdatedVia,
    },
    replaySets,
    versions: versions.map((v) => ({
      version: v.version,
      stage: v.stage,
      stageChangedAt: iso(v.stageChangedAt),
      contentHash: v.contentHash,
      schemaVersion: v.schemaVersion,
      parentVersion: v.parentVersion,
      changelog: v.changelog,
      registeredBy: v.registeredBy,
      registeredAt: iso(v.createdAt),
      promotedAt: iso(v.promotedAt),
      deprecatesAt: iso(v.deprecatesAt),
      deprecationReason: v.deprecationReason,
      archivedAt: iso(v.archivedAt),
      manifest: v.manifest,
    })),
    evaluations: evaluations.map((e) => ({
      version: versionOf.get(e.versionId) ?? e.versionId,
      at: iso(e.createdAt),
      dataset: e.dataset,
      passed: e.passed,
      baselineVersion: e.baselineVersion,
      metrics: e.metrics,
      gates: e.gates,
      reasons: e.reasons,
      replay: e.replay,
      recordedBy: e.createdBy,
    })),
    approvals: approvals.map((a) => ({
      version: versionOf.get(a.versionId) ?? a.versionId,
      at: iso(a.createdAt),
      decision: a.decision,
      reviewer: { email: a.reviewer.email, name: a.reviewer.name },
      comment: a.comment,
      counts: a.invalidatedRound === 0,
      invalidatedAt: iso(a.invalidatedAt),
    })),
    releases: {
      current: releases.map((x) => ({
        environment: x.environment,
        state: x.state,
        mode: x.mode,
        stableVersion: x.stableVersion,
        candidateVersion: x.candidateVersion,
        candidatePercent: x.candidatePercent,
        previousStableVersion: x.previousStableVersion,
        epoch: x.epoch,
        rolloutStartedAt: iso(x.rolloutStartedAt),
        completedAt: iso(x.completedAt),
      })),
      moves: moves.map((e) => ({
        seq: e.seq,
        at: e.at,
        action: e.action,
        actor: e.actor.label,
        reason: e.reason,
        before: e.before,
        after: e.after,
      })),
    },
    guardrailDecisions: decisions.map((d) => ({
      at: iso(d.createdAt),
      outcome: d.outcome,
      candidateVersion: d.candidateVersion,
      stableVersion: d.stableVersion,
      stepIndex: d.stepIndex,
      epoch: d.epoch,
      checks: d.checks,
      sample: d.sample,
    })),
    incidents: incidents.map((i) => ({
      id: i.id,
      rolledBackAt: iso(i.rolledBackAt),
      fromVersion: i.fromVersion,
      toVersion: i.toVersion,
      trigger: i.trigger,
      triggeredBy: i.triggeredBy,
      reason: i.reason,
      status: i.status,
      rootCause: i.rootCause,
      prevention: i.prevention,
      closedAt: iso(i.closedAt),
      closedBy: i.closedBy,
      metricsBefore: i.metricsBefore,
      metricsAfter: i.metricsAfter,
      notes: i.notes.map((n) => ({ at: iso(n.createdAt), author: n.author, body: n.body })),
    })),
    drift: await driftSummary(database, r),
    predictions: rollups.map((x) => ({
      day: x.bucket.toISOString().slice(0, 10),
      version: x.version,
      count: x.count,
      errors: x.errorCount,
    })),
    audit,
  };
}

export type Evidence = Awaited<ReturnType<typeof collectEvidence>>;

/** Each tenant's drift over the range against the baseline, as the drift page judges it. */
async function driftSummary(database: Database, r: EvidenceRange) {
  const end = Math.min(r.to.getTime(), r.now.getTime());
  const hours = Math.max(1, Math.ceil((end - r.from.getTime()) / HOUR_MS));
  const ctx = await loadDriftContext(database, r.model, null);
  const map = await buildHeatmap(database, ctx, { window: `${hours}h`, hours, version: null, now: end });
  return {
    from: map.from,
    to: map.to,
    referenceVersion: map.referenceVersion,
    method: map.method,
    thresholds: map.thresholds,
    features: map.features.map((f) => f.name),
    tenants: map.tenants.map((t) => ({
      tenant: t.tenant,
      worst: t.worst,
      level: worstLevel([...t.cells, t.prediction].map((c) => c.level)),
      prediction: t.prediction,
      cells: t.cells,
    })),
  };
}

const LEVEL_ORDER = ["alert", "warn", "ok", "too_few", "no_baseline"] as const;
function worstLevel(levels: string[]): string {
  return LEVEL_ORDER.find((l) => levels.includes(l)) ?? "no_baseline";
}

/**
 * Every audit event whose time is in the range, in chain order: this model's whole, the others
 * as links only (their content is not this pack's to give), so the chain can be re-checked from
 * the hash before the range to the hash after it.
 */
async function auditRange(database: Database, r: EvidenceRange) {
  const db = database.prisma;
  const [first, last] = await Promise.all([
    db.auditEvent.findFirst({ where: { at: { gte: r.from } }, orderBy: { seq: "asc" }, select: { seq: true, prevHash: true } }),
    db.auditEvent.findFirst({ where: { at: { lte: r.to } }, orderBy: { seq: "desc" }, select: { seq: true, hash: true } }),
  ]);
  let rows: AuditEvent[] = [];
  let before = { seq: "0", hash: GENESIS_HASH };
  let after = before;
  if (first && last && first.seq <= last.seq) {
    rows = await db.auditEvent.findMany({ where: { seq: { gte: first.seq, lte: last.seq } }, orderBy: { seq: "asc" } });
    before = { seq: (first.seq - 1n).toString(), hash: first.prevHash };
    after = { seq: last.seq.toString(), hash: last.hash };
  } else if (last) {
    // nothing in the range: the chain stands still at the last event before it
    before = after = { seq: last.seq.toString(), hash: last.hash };
  }
  const lines: ChainLine[] = rows.map((e) =>
    e.modelKey === r.model ? toAuditEventDto(e) : { seq: e.seq.toString(), prevHash: e.prevHash, hash: e.hash, redacted: true as const },
  );
  const checkpoints: AuditCheckpoint[] = await db.auditCheckpoint.findMany({
    where: { position: { gte: BigInt(before.seq), lte: BigInt(after.seq) } },
    orderBy: { position: "asc" },
  });
  const modelEvents = rows.filter((e) => e.modelKey === r.model).map(toAuditEventDto);
  const section: ChainSection = {
    before,
    after,
    events: lines.length,
    modelEvents: modelEvents.length,
    checkpoints: checkpoints.map((c) => {
      const { id: _id, ...signed } = toCheckpointDto(c);
      return signed;
    }),
  };
  return { lines, section, modelEvents };
}
