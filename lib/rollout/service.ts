/**
 * The release's writes: the only path that moves a model's Release pointer after a version is
 * approved, pins tenants, and opens incidents on rollback. Never call `prisma.release.update`,
 * `prisma.tenantPin.*` or `prisma.incident.create` anywhere else (README.md).
 *
 * Each function is ONE transaction: read the release, compute the move with the state machine
 * (state-machine.ts), write it with a compare-and-swap on the epoch read
 * (`updateMany where {id, epoch}`, epoch + 1), change the versions' stages, and in the same
 * transaction append the audit events, write the outbox events and `NOTIFY` the routing plane
 * (lib/routing/notify.ts). A move that lost a race changes nothing: 412 when the caller sent
 * If-Match, else 409. Lock order: rows.ts.
 *
 * Outbox events (OutboxEvent.type): release.started, release.advanced, release.paused,
 * release.resumed, release.completed (with version.promoted), release.aborted,
 * release.rolled_back, tenant.pinned, tenant.unpinned.
 */
import type { Release } from "../../generated/prisma/client";
import type { Stage } from "../../generated/prisma/enums";
import type { AuditInput } from "../audit/append";
import type { Actor } from "../auth/actor";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import { modelByKeyOrThrow } from "../database/models";
import type { Db, Tx } from "../database/types";
import { emitEvent } from "../events/emit";
import { InvalidTransitionError, NotFoundError, ValidationError } from "../errors";
import { beforeRollback } from "../guardrails/incident-metrics";
import { policyOrThrow } from "../policy";
import { findVersionOrThrow, flushAudit } from "../lifecycle/rows";
import { TX_OPTIONS } from "../database/transaction";
import { parseOrThrow } from "../input/validate";
import { notifyRoutesChanged } from "../routing/server";
import { manifestRollout, planRollout } from "./plan";
import {
  applyStages,
  auditView,
  casRelease,
  checkIfMatch,
  incidentSubject,
  MODEL_ROW,
  readRelease,
  releaseSubject,
  type AppliedStage,
  type ModelRow,
} from "./rows";
import { pinBodySchema, rollbackBodySchema, tenantParamSchema } from "./schemas";
import {
  assertMayMove,
  MOVE_LABELS,
  nextRelease,
  nothingToRollBack,
  releaseFields,
  type MoveOutcome,
  type MoveType,
  type ReleaseChange,
  type ReleaseFields,
  type ReleaseMove,
} from "./state-machine";
import { currentTime } from "../clock";
import type { z } from "zod";
import type { pinResultSchema } from "./contracts";
import { lockProductionRelease, lockVersion, lockVersions, type LockedVersionRow } from "../database/locks";

// ---------------------------------------------------------------------------------------------
// Results

/** The release as the API and the pages show it after a change. */
export type ReleaseView = {
  model: string;
  environment: string;
  epoch: number;
  state: Release["state"];
  mode: Release["mode"];
  stable: string | null;
  previousStable: string | null;
  candidate: { version: string; percent: number } | null;
  steps: number[];
  stepIndex: number;
  bakeMinutes: number;
  stepStartedAt: string | null;
  rolloutStartedAt: string | null;
  completedAt: string | null;
};

export type MoveResult = ReleaseView & {
  outcome: MoveOutcome;
  /** the epoch the move replaced */
  previousEpoch: number;
  /** the versions whose stage the move changed */
  stages: AppliedStage[];
};

export type RollbackResult = MoveResult & {
  stable: string;
  rolledBackFrom: string;
  incidentId: string;
};

export type PinResult = z.output<typeof pinResultSchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function view(modelKey: string, environment: string, f: ReleaseFields, epoch: number): ReleaseView {
  return {
    model: modelKey,
    environment,
    epoch,
    state: f.state,
    mode: f.mode,
    stable: f.stableVersion,
    previousStable: f.previousStableVersion,
    candidate: f.candidateVersion ? { version: f.candidateVersion, percent: f.candidatePercent } : null,
    steps: f.steps,
    stepIndex: f.stepIndex,
    bakeMinutes: f.bakeMinutes,
    stepStartedAt: iso(f.stepStartedAt),
    rolloutStartedAt: iso(f.rolloutStartedAt),
    completedAt: iso(f.completedAt),
  };
}

// ---------------------------------------------------------------------------------------------
// Writing one move

export type MoveInput = {
  modelKey: string;
  /** kept in the audit trail (and, for a rollback, the incident) */
  reason?: string | null;
  /** the epoch the caller saw (If-Match, or the epoch the page showed): 412 when the release moved on */
  ifMatchEpoch?: number | null;
  requestId?: string | null;
  /** more writes that must commit or fail with the move (the guardrail's decision row) */
  alsoInTx?: (tx: Tx, moved: { epoch: number; outcome: MoveOutcome }) => Promise<void>;
};

export type RollbackInput = MoveInput & {
  reason: string;
  /** a force rollback to this earlier version (one that was PROD and is not deprecated) */
  toVersion?: string | null;
  /** what the guardrail saw, for the incident */
  metricsBefore?: unknown;
  metricsAfter?: unknown;
};

/** Who or what triggered a rollback, as the incident records it. */
function triggerOf(actor: Actor): "user" | "api" | "guardrail" {
  if (actor.type === "user") return "user";
  if (actor.type === "guardrail") return "guardrail";
  return "api";
}

type Written = {
  model: ModelRow;
  release: Release;
  change: ReleaseChange;
  epoch: number;
  applied: AppliedStage[];
  audit: AuditInput[];
  now: Date;
};

/**
 * Everything a move writes besides the stages: the release's audit event (first in the log,
 * before the stage events), its outbox events, the incident of a rollback, and the NOTIFY.
 * Returns the incident id of a rollback.
 */
async function record(
  tx: Tx,
  actor: Actor,
  w: Written,
  input: MoveInput & { metricsBefore?: unknown; metricsAfter?: unknown },
  sink: AuditInput[] | null,
): Promise<string | null> {
  const { model, release, change, epoch, now } = w;
  const reason = input.reason?.trim() || null;
  const before = auditView(releaseFields(release), release.epoch);
  const after = auditView(change.fields, epoch);
  const base = {
    model: model.key,
    environment: release.environment,
    epoch,
    previousEpoch: release.epoch,
    by: actor.label,
    actorType: actor.type,
    reason,
    at: now.toISOString(),
  };
  const events: AuditInput[] = [];
  let incidentId: string | null = null;

  if (change.outcome === "rolled_back") {
    const from = change.rolledBackFrom as string;
    const to = change.rolledBackTo as string;
    const incident = await tx.incident.create({
      data: {
        modelId: model.id,
        releaseId: release.id,
        fromVersion: from,
        toVersion: to,
        trigger: triggerOf(actor),
        triggeredBy: actor.label,
        reason: reason ?? "",
        rolloutStartedAt: release.rolloutStartedAt,
        rolledBackAt: now,
        createdAt: now,
        epochBefore: release.epoch,
        epochAfter: epoch,
        // a person's rollback keeps what the rolled-back version did too; the guardrail passes its decision
        metricsBefore: (input.metricsBefore ?? (await beforeRollback(tx, model.id, from, now, release.rolloutStartedAt))) as object,
        ...(input.metricsAfter !== undefined ? { metricsAfter: input.metricsAfter as object } : {}),
      },
      select: { id: true },
    });
    incidentId = incident.id;
    events.push({
      actor,
      action: "release.rolled_back",
      subject: releaseSubject(model.key, release.environment),
      modelKey: model.key,
      before,
      after: { ...after, rolledBackFrom: from, rolledBackTo: to, incidentId },
      reason,
      requestId: input.requestId,
    });
    events.push({
      actor,
      action: "incident.opened",
      subject: incidentSubject(incident.id),
      modelKey: model.key,
      after: {
        incidentId: incident.id,
        fromVersion: from,
        toVersion: to,
        trigger: triggerOf(actor),
        epochBefore: release.epoch,
        epochAfter: epoch,
      },
      reason,
      requestId: input.requestId,
    });
    await emitEvent(tx, {
      type: "release.rolled_back",
      modelKey: model.key,
      payload: {
        ...base,
        oldEpoch: release.epoch,
        newEpoch: epoch,
        fromVersion: from,
        toVersion: to,
        stable: change.fields.stableVersion,
        incidentId,
        trigger: triggerOf(actor),
      },
    });
  } else {
    events.push({
      actor,
      action: `release.${change.outcome}`,
      subject: releaseSubject(model.key, release.environment),
      modelKey: model.key,
      before,
      after,
      reason,
      requestId: input.requestId,
    });
    const f = change.fields;
    const candidate = release.candidateVersion ?? f.candidateVersion;
    switch (change.outcome) {
      case "started":
        await emitEvent(tx, {
          type: "release.started",
          modelKey: model.key,
          payload: {
            ...base,
            version: f.candidateVersion,
            stable: f.stableVersion,
            mode: f.mode,
            percent: f.candidatePercent,
            steps: f.steps,
            bakeMinutes: f.bakeMinutes,
          },
        });
        break;
      case "advanced":
        await emitEvent(tx, {
          type: "release.advanced",
          modelKey: model.key,
          payload: { ...base, version: candidate, percent: f.candidatePercent, stepIndex: f.stepIndex, steps: f.steps },
        });
        break;
      case "paused":
      case "resumed":
        await emitEvent(tx, {
          type: `release.${change.outcome}`,
          modelKey: model.key,
          payload: { ...base, version: candidate, percent: f.candidatePercent, stepIndex: f.stepIndex },
        });
        break;
      case "aborted":
        await emitEvent(tx, {
          type: "release.aborted",
          modelKey: model.key,
          payload: { ...base, version: release.candidateVersion, stable: f.stableVersion },
        });
        break;
      case "completed": {
        const retired = w.applied.filter((a) => a.to === "RETIRED").map((a) => a.version);
        await emitEvent(tx, {
          type: "release.completed",
          modelKey: model.key,
          payload: { ...base, version: f.stableVersion, previousStableVersion: f.previousStableVersion, retired },
        });
        // Webhooks written against the lifecycle (an instant switch) keep hearing of promotions.
        await emitEvent(tx, {
          type: "version.promoted",
          modelKey: model.key,
          payload: {
            model: model.key,
            version: f.stableVersion,
            stage: "PROD",
            previousStableVersion: f.previousStableVersion,
            retired,
            epoch,
            by: actor.label,
            at: now.toISOString(),
          },
        });
        break;
      }
    }
  }
  await notifyRoutesChanged(tx, { model: model.key, epoch });
  const all = [...events, ...w.audit];
  if (sink) sink.push(...all);
  else await flushAudit(tx, all);
  return incidentId;
}

type MoveRequest = { type: Exclude<MoveType, "start" | "forceRollback"> } | { type: "forceRollback"; toVersion: string };

const PROD_STAGES: readonly Stage[] = ["PROD", "PROD_PREVIOUS", "RETIRED"];

async function runMove(
  db: Db,
  actor: Actor,
  input: MoveInput & { metricsBefore?: unknown; metricsAfter?: unknown },
  request: MoveRequest,
): Promise<MoveResult & { incidentId: string | null; rolledBackFrom: string | null }> {
  assertMayMove(actor, request.type);
  return db.$transaction(async (tx) => {
    const now = currentTime();
    const model = await modelByKeyOrThrow(tx, input.modelKey, MODEL_ROW);
    const release = await readRelease(tx, model.id);
    if (!release) {
      throw new InvalidTransitionError(
        request.type === "rollback"
          ? `model "${model.key}": ${nothingToRollBack(null)}`
          : `cannot ${MOVE_LABELS[request.type]} on model "${model.key}": it has no release yet; a release starts when a version is approved.`,
      );
    }
    checkIfMatch(model.key, release.epoch, input.ifMatchEpoch);
    const target = request.type === "forceRollback" ? request.toVersion : null;
    const locked = await lockVersions(tx, model.id, [
      release.candidateVersion,
      release.stableVersion,
      release.previousStableVersion,
      target,
    ]);
    let move: ReleaseMove;
    if (request.type === "forceRollback") {
      const row = locked.get(request.toVersion);
      if (!row) throw new NotFoundError(`Model "${model.key}" has no version ${request.toVersion}.`);
      move = {
        type: "forceRollback",
        target: { version: row.version, stage: row.stage, wasProd: row.promotedAt !== null || PROD_STAGES.includes(row.stage) },
      };
    } else {
      move = { type: request.type };
    }
    const change = withModel(model.key, () => nextRelease(releaseFields(release), move, now));
    const epoch = await casRelease(tx, { modelKey: model.key, release, ifMatchEpoch: input.ifMatchEpoch }, change.fields);
    const audit: AuditInput[] = [];
    const applied = await applyStages(
      tx,
      { modelKey: model.key, actor, locked, now, reason: input.reason, requestId: input.requestId, audit },
      change.stages,
    );
    const incidentId = await record(tx, actor, { model, release, change, epoch, applied, audit, now }, input, null);
    await input.alsoInTx?.(tx, { epoch, outcome: change.outcome });
    return {
      ...view(model.key, release.environment, change.fields, epoch),
      outcome: change.outcome,
      previousEpoch: release.epoch,
      stages: applied,
      incidentId,
      rolledBackFrom: change.rolledBackFrom ?? null,
    };
  }, TX_OPTIONS);
}

/** State-machine refusals name the model they are about. */
function withModel<T>(modelKey: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof InvalidTransitionError) throw new InvalidTransitionError(`model "${modelKey}": ${e.message}`);
    throw e;
  }
}

function strip<T extends { incidentId: string | null; rolledBackFrom: string | null }>(r: T): Omit<T, "incidentId" | "rolledBackFrom"> {
  const rest: Partial<T> = { ...r };
  delete rest.incidentId;
  delete rest.rolledBackFrom;
  return rest as Omit<T, "incidentId" | "rolledBackFrom">;
}

// ---------------------------------------------------------------------------------------------
// Public moves

/** The next ramp step; from the last step, completes the rollout (candidate → stable). */
export async function advanceRollout(db: Db, actor: Actor, input: MoveInput): Promise<MoveResult> {
  return strip(await runMove(db, actor, input, { type: "advance" }));
}

/** Holds the candidate at its current share until resumed (the guardrail loop stops advancing it). */
export async function pauseRollout(db: Db, actor: Actor, input: MoveInput): Promise<MoveResult> {
  return strip(await runMove(db, actor, input, { type: "pause" }));
}

/** Resumes a paused rollout; the current step's bake time starts again. */
export async function resumeRollout(db: Db, actor: Actor, input: MoveInput): Promise<MoveResult> {
  return strip(await runMove(db, actor, input, { type: "resume" }));
}

/** Completes the rollout now, from any step (a shadow is promoted). */
export async function promoteNow(db: Db, actor: Actor, input: MoveInput): Promise<MoveResult> {
  return strip(await runMove(db, actor, input, { type: "promoteNow" }));
}

/** Discards the candidate (REJECTED); the stable version keeps all traffic. No incident. */
export async function abortRollout(db: Db, actor: Actor, input: MoveInput): Promise<MoveResult> {
  return strip(await runMove(db, actor, input, { type: "abort" }));
}

/**
 * Puts traffic back on the last good version and opens an incident, in one transaction: a
 * running candidate goes to 0 % (the stable stays); after a completed rollout the stable
 * becomes the previous stable again. With `toVersion`, a force rollback to that earlier version.
 * 409 when nothing can be rolled back; 409/412 when the release moved since it was read.
 */
export async function rollback(db: Db, actor: Actor, input: RollbackInput): Promise<RollbackResult> {
  const toVersion = input.toVersion ?? null;
  const { reason } = parseOrThrow(rollbackBodySchema, { reason: input.reason, ...(toVersion !== null ? { to_version: toVersion } : {}) });
  const out = await runMove(
    db,
    actor,
    { ...input, reason },
    toVersion !== null ? { type: "forceRollback", toVersion } : { type: "rollback" },
  );
  return {
    ...strip(out),
    stable: out.stable as string,
    rolledBackFrom: out.rolledBackFrom as string,
    incidentId: out.incidentId as string,
  };
}

/** A rollback to a chosen earlier version: one that was PROD and is neither deprecated nor archived. */
export function forceRollback(db: Db, actor: Actor, input: RollbackInput & { toVersion: string }): Promise<RollbackResult> {
  return rollback(db, actor, input);
}

// ---------------------------------------------------------------------------------------------
// Starting a rollout

export type StartInput = {
  modelKey: string;
  version: string;
  /** replaces the manifest's strategy (steps and bake time still come from manifest and policy) */
  mode?: Release["mode"];
  reason?: string | null;
  requestId?: string | null;
  /**
   * When given, the audit events are pushed here for the caller to append with its own (after
   * its last row lock, lib/lifecycle/rows.ts); otherwise they are appended before returning.
   */
  audit?: AuditInput[];
};

/**
 * Starts the rollout of an approved (STAGING) version inside the caller's transaction — the
 * approval that completes a review calls this after locking the version and the Release row.
 * Canary: the first step; blue-green: 100 % as the candidate, the old stable warm; shadow: a
 * copy of traffic. A model's first version becomes stable at once.
 */
export async function startRolloutTx(tx: Tx, actor: Actor, input: StartInput): Promise<MoveResult> {
  assertMayMove(actor, "start");
  const now = currentTime();
  const { model } = await findVersionOrThrow(tx, input.modelKey, input.version);
  const locked = await lockVersions(tx, model.id, [input.version]);
  const row = locked.get(input.version) as LockedVersionRow;
  if (row.stage !== "STAGING") {
    throw new InvalidTransitionError(
      `cannot start a rollout of ${row.version}: only an approved STAGING version is rolled out, and it is ${row.stage}.`,
    );
  }
  const release = await lockProductionRelease(tx, model.id);
  const fields = releaseFields(release);
  // A model promoted before it had a Release row (data from before releases) routes by the
  // version in stage PROD; the rollout starts against it.
  if (!fields.stableVersion) {
    const prod = await tx.modelVersion.findFirst({
      where: { modelId: model.id, stage: "PROD", id: { not: row.id } },
      orderBy: { stageChangedAt: "desc" },
      select: { version: true },
    });
    fields.stableVersion = prod?.version ?? null;
  }
  const policy = policyOrThrow(model.policy, "a rollout can start");
  const manifest = await tx.modelVersion.findUniqueOrThrow({ where: { id: row.id }, select: { manifest: true } });
  const plan = planRollout(manifestRollout(manifest.manifest), policy.rollout, input.mode ? { mode: input.mode } : {});
  const change = withModel(model.key, () => nextRelease(fields, { type: "start", version: row.version, plan }, now));
  const epoch = await casRelease(tx, { modelKey: model.key, release }, change.fields);
  const audit: AuditInput[] = [];
  const applied = await applyStages(
    tx,
    { modelKey: model.key, actor, locked, now, reason: input.reason, requestId: input.requestId, audit },
    change.stages,
  );
  await record(tx, actor, { model, release, change, epoch, applied, audit, now }, input, input.audit ?? null);
  return {
    ...view(model.key, release.environment, change.fields, epoch),
    outcome: change.outcome,
    previousEpoch: release.epoch,
    stages: applied,
  };
}

/** startRolloutTx in a transaction of its own (scripts, the seed, tests). */
export function startRollout(db: Db, actor: Actor, input: Omit<StartInput, "audit">): Promise<MoveResult> {
  return db.$transaction((tx) => startRolloutTx(tx, actor, input), TX_OPTIONS);
}

// ---------------------------------------------------------------------------------------------
// Tenant pins

export type PinInput = {
  modelKey: string;
  tenant: string;
  version: string;
  reason?: string;
  ifMatchEpoch?: number | null;
  requestId?: string | null;
};

export type UnpinInput = Omit<PinInput, "version">;

/**
 * The release row a pin bumps: pins are part of the routing table, so a pin changes its epoch
 * (the ETag) like any other move. Created when the model has none yet.
 */
async function releaseForPin(tx: Tx, modelId: string): Promise<Release> {
  await tx.release.createMany({
    data: [{ modelId, environment: RELEASE_ENVIRONMENT, steps: [], createdAt: currentTime() }],
    skipDuplicates: true,
  });
  return (await readRelease(tx, modelId)) as Release;
}

/**
 * Pins a tenant to a version: its requests get that version whatever the split. Refused for a
 * version that does not exist (422 naming `version`) or is deprecated or archived (409). The
 * version's row lock is held while the pin is written, so it cannot be deprecated meanwhile.
 */
export async function pinTenant(db: Db, actor: Actor, input: PinInput): Promise<PinResult> {
  assertMayMove(actor, "pin");
  const { tenant } = parseOrThrow(tenantParamSchema, { tenant: input.tenant });
  const { version, reason } = parseOrThrow(pinBodySchema, { version: input.version, reason: input.reason ?? "" });
  return db.$transaction(async (tx) => {
    const model = await modelByKeyOrThrow(tx, input.modelKey, MODEL_ROW);
    const found = await tx.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } }, select: { id: true } });
    if (!found) throw new ValidationError([{ path: "version", message: `is not a version of model "${model.key}" (${version})` }]);
    const row = await lockVersion(tx, found.id);
    if (row.stage === "DEPRECATED" || row.stage === "ARCHIVED") {
      throw new InvalidTransitionError(
        `cannot pin tenant ${tenant} to ${version}: it is ${row.stage === "DEPRECATED" ? "deprecated" : "archived"}; pin a supported version.`,
      );
    }
    const release = await releaseForPin(tx, model.id);
    checkIfMatch(model.key, release.epoch, input.ifMatchEpoch);
    const existing = await tx.tenantPin.findUnique({
      where: { modelId_environment_tenant: { modelId: model.id, environment: release.environment, tenant } },
      select: { version: true, reason: true },
    });
    if (existing?.version === version) {
      return { model: model.key, tenant, version, previousVersion: version, reason: existing.reason, epoch: release.epoch, changed: false };
    }
    const epoch = await casRelease(tx, { modelKey: model.key, release, ifMatchEpoch: input.ifMatchEpoch }, releaseFields(release));
    await tx.tenantPin.upsert({
      where: { modelId_environment_tenant: { modelId: model.id, environment: release.environment, tenant } },
      create: { modelId: model.id, environment: release.environment, tenant, version, reason, createdBy: actor.label },
      update: { version, reason, createdBy: actor.label, createdAt: new Date() },
    });
    const previousVersion = existing?.version ?? null;
    await emitEvent(tx, {
      type: "tenant.pinned",
      modelKey: model.key,
      payload: {
        model: model.key,
        environment: release.environment,
        tenant,
        version,
        previousVersion,
        reason,
        epoch,
        previousEpoch: release.epoch,
        by: actor.label,
        at: new Date().toISOString(),
      },
    });
    await notifyRoutesChanged(tx, { model: model.key, epoch });
    await flushAudit(tx, [
      {
        actor,
        action: "tenant.pinned",
        subject: releaseSubject(model.key, release.environment),
        modelKey: model.key,
        before: { tenant, version: previousVersion, epoch: release.epoch },
        after: { tenant, version, epoch },
        reason: reason || null,
        requestId: input.requestId,
      },
    ]);
    return { model: model.key, tenant, version, previousVersion, reason, epoch, changed: true };
  }, TX_OPTIONS);
}

/** Removes a tenant's pin: it follows the split again. 404 when the tenant is not pinned. */
export async function unpinTenant(db: Db, actor: Actor, input: UnpinInput): Promise<PinResult> {
  assertMayMove(actor, "pin");
  const { tenant } = parseOrThrow(tenantParamSchema, { tenant: input.tenant });
  const reason = (input.reason ?? "").trim();
  return db.$transaction(async (tx) => {
    const model = await modelByKeyOrThrow(tx, input.modelKey, MODEL_ROW);
    const pin = await tx.tenantPin.findUnique({
      where: { modelId_environment_tenant: { modelId: model.id, environment: RELEASE_ENVIRONMENT, tenant } },
      select: { id: true, version: true },
    });
    if (!pin) throw new NotFoundError(`Tenant ${tenant} is not pinned on model "${model.key}".`);
    // Lock order: the pinned version's row, then the Release row.
    await lockVersions(tx, model.id, [pin.version]);
    const release = (await readRelease(tx, model.id)) as Release;
    checkIfMatch(model.key, release.epoch, input.ifMatchEpoch);
    const epoch = await casRelease(tx, { modelKey: model.key, release, ifMatchEpoch: input.ifMatchEpoch }, releaseFields(release));
    const removed = await tx.tenantPin.deleteMany({ where: { id: pin.id, version: pin.version } });
    if (removed.count !== 1) throw new InvalidTransitionError(`the pin of tenant ${tenant} changed meanwhile; reload and try again.`);
    await emitEvent(tx, {
      type: "tenant.unpinned",
      modelKey: model.key,
      payload: {
        model: model.key,
        environment: release.environment,
        tenant,
        previousVersion: pin.version,
        reason,
        epoch,
        previousEpoch: release.epoch,
        by: actor.label,
        at: new Date().toISOString(),
      },
    });
    await notifyRoutesChanged(tx, { model: model.key, epoch });
    await flushAudit(tx, [
      {
        actor,
        action: "tenant.unpinned",
        subject: releaseSubject(model.key, release.environment),
        modelKey: model.key,
        before: { tenant, version: pin.version, epoch: release.epoch },
        after: { tenant, version: null, epoch },
        reason: reason || null,
        requestId: input.requestId,
      },
    ]);
    return { model: model.key, tenant, version: null, previousVersion: pin.version, reason, epoch, changed: true };
  }, TX_OPTIONS);
}
