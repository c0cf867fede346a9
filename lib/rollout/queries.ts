import "server-only";
/**
 * Release reads for the release page, the overview and the API: one model's release (split,
 * steps with their start times, pins, versions, who did what when), every model's release at a
 * glance, and what a rollback would do. Every function takes the Prisma client or a transaction
 * first; dates leave as ISO strings.
 */
import type { ReleaseMode, ReleaseState, Stage } from "../../generated/prisma/enums";
import { toAuditEventDto } from "../audit/queries";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import { modelByKeyOrThrow } from "../database/models";
import type { Tx } from "../database/types";
import type { EventType } from "../events/schemas";
import { guardrailWatch } from "../guardrails/watch";
import { parsePolicy } from "../policy";
import { listIncidents } from "./incidents";
import { releaseSubject } from "./rows";
import {
  availableMoves,
  describeRollback,
  releaseFields,
  rolloutRunning,
  type ReleaseFields,
  type RollbackDescription,
} from "./state-machine";
import type { z } from "zod";
import type { releaseDetailSchema } from "./contracts";

export type StepView = {
  index: number;
  percent: number;
  status: "done" | "current" | "pending" | "skipped";
  /** when the candidate reached this step in the current (or last) rollout; null before */
  startedAt: string | null;
  /** when the current step has baked long enough to advance (guardrails advance it then) */
  bakeEndsAt: string | null;
};

export type VersionRef = { version: string; stage: Stage | null };

export type ReleaseDetail = z.output<typeof releaseDetailSchema>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

const EMPTY: ReleaseFields = {
  stableVersion: null,
  previousStableVersion: null,
  candidateVersion: null,
  candidatePercent: 0,
  mode: "canary",
  steps: [],
  stepIndex: 0,
  bakeMinutes: 0,
  state: "idle",
  stepStartedAt: null,
  rolloutStartedAt: null,
  completedAt: null,
};

/** The audit actions that put the candidate on a step, with the step index in `after.stepIndex`. */
const ROLLOUT_STARTED = "release.started" satisfies EventType;
const STEP_ACTIONS: EventType[] = [ROLLOUT_STARTED, "release.advanced"];

function stepIndexOf(after: unknown): number | null {
  const v = typeof after === "object" && after !== null ? (after as { stepIndex?: unknown }).stepIndex : undefined;
  return typeof v === "number" ? v : null;
}

function stepViews(f: ReleaseFields, startedAt: Map<number, Date>): StepView[] {
  const running = rolloutRunning(f);
  return f.steps.map((percent, index) => {
    // After a rollout ended (completed early, rolled back, aborted) the steps it never reached were skipped.
    const status: StepView["status"] = running
      ? index < f.stepIndex
        ? "done"
        : index === f.stepIndex
          ? "current"
          : "pending"
      : index <= f.stepIndex
        ? "done"
        : "skipped";
    const started = status === "current" ? (f.stepStartedAt ?? startedAt.get(index) ?? null) : (startedAt.get(index) ?? null);
    const bakeEndsAt = status === "current" && started ? new Date(started.getTime() + f.bakeMinutes * 60_000).toISOString() : null;
    return { index, percent, status, startedAt: iso(started), bakeEndsAt };
  });
}

/** The release page's data; null when the model does not exist. */
export async function getRelease(db: Tx, modelKey: string, opts: { historyLimit?: number } = {}): Promise<ReleaseDetail | null> {
  const model = await db.model.findUnique({ where: { key: modelKey }, select: { id: true, key: true, name: true, policy: true } });
  if (!model) return null;
  const release = await db.release.findUnique({ where: { modelId_environment: { modelId: model.id, environment: RELEASE_ENVIRONMENT } } });
  const f = release ? releaseFields(release) : EMPTY;
  const policy = parsePolicy(model.policy);
  const named = [f.stableVersion, f.previousStableVersion, f.candidateVersion].filter((v): v is string => v !== null);
  const subject = releaseSubject(model.key);
  const [versions, pins, history, stepEvents, targets, openIncidents] = [
    await db.modelVersion.findMany({
      where: { modelId: model.id, version: { in: named } },
      select: { version: true, stage: true, promotedAt: true },
    }),
    await db.tenantPin.findMany({ where: { modelId: model.id, environment: RELEASE_ENVIRONMENT }, orderBy: { tenant: "asc" } }),
    await db.auditEvent.findMany({
      where: { subjectType: subject.type, subjectId: subject.id },
      orderBy: { seq: "desc" },
      take: opts.historyLimit ?? 30,
    }),
    f.rolloutStartedAt
      ? await db.auditEvent.findMany({
          where: { subjectType: subject.type, subjectId: subject.id, action: { in: STEP_ACTIONS }, at: { gte: f.rolloutStartedAt } },
          orderBy: { seq: "asc" },
          select: { at: true, action: true, after: true },
        })
      : [],
    await db.modelVersion.findMany({
      where: {
        modelId: model.id,
        OR: [{ promotedAt: { not: null } }, { stage: { in: ["PROD", "PROD_PREVIOUS", "RETIRED"] } }],
        stage: { notIn: ["DEPRECATED", "ARCHIVED"] },
        ...(f.stableVersion ? { version: { not: f.stableVersion } } : {}),
      },
      orderBy: [{ promotedAt: "desc" }, { createdAt: "desc" }],
      take: 20,
      select: { version: true, stage: true, promotedAt: true },
    }),
    await listIncidents(db, { model: model.key, status: "open", limit: 20 }),
  ];
  const byName = new Map(versions.map((v) => [v.version, v]));
  const ref = (v: string | null): VersionRef | null => (v ? { version: v, stage: byName.get(v)?.stage ?? null } : null);
  // The first event per step since this rollout's release.started: a resume does not restart a step.
  const startedAt = new Map<number, Date>();
  const from = stepEvents.findLastIndex((e) => e.action === ROLLOUT_STARTED);
  for (const e of stepEvents.slice(Math.max(from, 0))) {
    const i = stepIndexOf(e.after);
    if (i !== null && !startedAt.has(i)) startedAt.set(i, e.at);
  }
  const running = rolloutRunning(f);
  const candidatePercent = running ? f.candidatePercent : 0;
  const shadow = running && f.mode === "shadow";
  return {
    model: { key: model.key, name: model.name },
    environment: RELEASE_ENVIRONMENT,
    exists: release !== null,
    epoch: release?.epoch ?? 0,
    state: f.state,
    mode: f.mode,
    stable: f.stableVersion ? { ...(ref(f.stableVersion) as VersionRef), promotedAt: iso(byName.get(f.stableVersion)?.promotedAt) } : null,
    previousStable: ref(f.previousStableVersion),
    candidate: f.candidateVersion ? { ...(ref(f.candidateVersion) as VersionRef), percent: f.candidatePercent } : null,
    split: {
      stable: f.stableVersion ? (shadow ? 100 : 100 - candidatePercent) : 0,
      candidate: shadow ? 0 : candidatePercent,
      shadow: shadow ? candidatePercent : 0,
    },
    steps: stepViews(f, startedAt),
    stepIndex: f.stepIndex,
    bakeMinutes: f.bakeMinutes,
    stepStartedAt: iso(f.stepStartedAt),
    rolloutStartedAt: iso(f.rolloutStartedAt),
    completedAt: iso(f.completedAt),
    updatedAt: iso(release?.updatedAt),
    pins: pins.map((p) => ({
      tenant: p.tenant,
      version: p.version,
      reason: p.reason,
      createdBy: p.createdBy,
      createdAt: p.createdAt.toISOString(),
    })),
    moves: availableMoves(release ? f : null),
    rollback: warnPins(describeRollback(release ? f : null), pins),
    guardrails: policy.ok
      ? guardrailWatch(release ? f : null, policy.policy.guardrails.postPromotionMinutes, new Date())
      : {
          watching: null,
          version: null,
          until: null,
          sentence: "Nothing is watched: the model's stored policy is invalid; an admin must fix it first.",
        },
    forceRollbackTargets: targets.map((t) => ({ version: t.version, stage: t.stage, promotedAt: iso(t.promotedAt) })),
    openIncidents,
    history: history.map(toAuditEventDto),
  };
}

export type ReleaseOverview = {
  model: string;
  name: string;
  environment: string;
  exists: boolean;
  epoch: number;
  state: ReleaseState;
  mode: ReleaseMode;
  stable: string | null;
  previousStable: string | null;
  candidate: { version: string; percent: number } | null;
  /** a candidate is ramping, paused or shadowing */
  inProgress: boolean;
  step: { index: number; of: number } | null;
  stepStartedAt: string | null;
  pins: number;
  openIncidents: number;
  updatedAt: string | null;
};

/** Every model's production release at a glance, models with a rollout in progress first. */
export async function listReleases(db: Tx): Promise<ReleaseOverview[]> {
  const models = await db.model.findMany({
    orderBy: { key: "asc" },
    select: {
      key: true,
      name: true,
      releases: { where: { environment: RELEASE_ENVIRONMENT } },
      _count: { select: { pins: true, incidents: { where: { status: "open" } } } },
    },
  });
  const rows = models.map((m): ReleaseOverview => {
    const r = m.releases[0] ?? null;
    const f = r ? releaseFields(r) : EMPTY;
    const inProgress = rolloutRunning(f);
    return {
      model: m.key,
      name: m.name,
      environment: RELEASE_ENVIRONMENT,
      exists: r !== null,
      epoch: r?.epoch ?? 0,
      state: f.state,
      mode: f.mode,
      stable: f.stableVersion,
      previousStable: f.previousStableVersion,
      candidate: f.candidateVersion && inProgress ? { version: f.candidateVersion, percent: f.candidatePercent } : null,
      inProgress,
      step: inProgress && f.mode !== "shadow" ? { index: f.stepIndex, of: f.steps.length } : null,
      stepStartedAt: iso(f.stepStartedAt),
      pins: m._count.pins,
      openIncidents: m._count.incidents,
      updatedAt: iso(r?.updatedAt),
    };
  });
  return rows.sort((a, b) => Number(b.inProgress) - Number(a.inProgress) || (a.model < b.model ? -1 : 1));
}

export type RollbackPreview = RollbackDescription & { model: string; epoch: number; pinnedTenants: string[] };

/**
 * A rollback moves the split, not the pins: tenants pinned to the version being rolled back keep
 * getting it. The dialog says so, so on-call can unpin them too.
 */
function warnPins(d: RollbackDescription, pins: { tenant: string; version: string }[]): RollbackDescription & { pinnedTenants: string[] } {
  if (!d.possible) return { ...d, pinnedTenants: [] };
  const pinned = pins.filter((p) => p.version === d.from).map((p) => p.tenant);
  if (pinned.length === 0) return { ...d, pinnedTenants: [] };
  const shown = pinned.slice(0, 5).join(", ") + (pinned.length > 5 ? ` and ${pinned.length - 5} more` : "");
  const verb = pinned.length === 1 ? "stays" : "stay";
  return {
    ...d,
    sentence: `${d.sentence} Pinned tenant${pinned.length === 1 ? "" : "s"} ${shown} ${verb} on ${d.from} until unpinned.`,
    pinnedTenants: pinned,
  };
}

/** What a rollback of the model would do now, for the confirm dialog. 404 for an unknown model. */
export async function rollbackPreview(db: Tx, modelKey: string): Promise<RollbackPreview> {
  const model = await modelByKeyOrThrow(db, modelKey, { id: true, key: true });
  const release = await db.release.findUnique({ where: { modelId_environment: { modelId: model.id, environment: RELEASE_ENVIRONMENT } } });
  const pins = await db.tenantPin.findMany({
    where: { modelId: model.id, environment: RELEASE_ENVIRONMENT },
    select: { tenant: true, version: true },
    orderBy: { tenant: "asc" },
  });
  return { model: model.key, epoch: release?.epoch ?? 0, ...warnPins(describeRollback(release ? releaseFields(release) : null), pins) };
}
