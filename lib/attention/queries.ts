/**
 * What needs attention, for the home page and the models list's badges: releases the
 * guardrails watch (with their latest verdict), held (paused) releases, open incidents, drift
 * alerts per model and tenant, approvals waiting for the reader, and — for those who manage
 * them — webhooks whose latest delivery failed. A fixed handful of queries, whatever the
 * number of models: no read per model or per row.
 */
import "server-only";
import type { Role } from "../../generated/prisma/enums";
import { roleCan } from "../auth/permissions";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import type { Tx } from "../database/types";
import { guardrailWatch } from "../guardrails/server";
import { DEFAULT_POLICY, parsePolicy } from "../policy";
import { approvalsWaitingFor, type WaitingApproval } from "./approvals";

export type { WaitingApproval };

export type ModelRef = { key: string; name: string };

export type AttentionRelease = {
  model: ModelRef;
  /** canary: a candidate ramps or is paused; post_promotion: a new stable inside its watch */
  watching: "canary" | "post_promotion" | null;
  held: boolean;
  candidate: string | null;
  stable: string | null;
  /** percent of routing keys on the candidate */
  percent: number;
  sentence: string;
  /** the guardrails' latest verdict on the release as it is now; null before the first */
  verdict: { outcome: string; reason: string; at: string } | null;
};

export type AttentionIncident = {
  id: string;
  model: ModelRef;
  fromVersion: string;
  toVersion: string;
  trigger: string;
  reason: string;
  rolledBackAt: string;
};

export type AttentionDrift = { model: ModelRef; tenant: string; feature: string; level: "warn" | "alert"; psi: number; since: string };

export type FailingWebhook = {
  id: string;
  name: string;
  event: string;
  status: string;
  statusCode: number | null;
  error: string | null;
  at: string;
};

/** inProgress: a canary ramps; watched: a new stable inside its post-promotion watch */
export type ModelBadges = {
  inProgress: boolean;
  held: boolean;
  watched: boolean;
  incidents: number;
  driftAlerts: number;
  driftWarnings: number;
};

export type Attention = {
  asOf: string;
  releases: AttentionRelease[];
  incidents: AttentionIncident[];
  drift: AttentionDrift[];
  approvals: WaitingApproval[];
  /** null: the reader does not manage webhooks */
  webhooks: FailingWebhook[] | null;
  /** by model key, only models with something to show */
  byModel: Record<string, ModelBadges>;
};

export type Reader = { id: string; email: string; role: Role };

type ReleaseRow = {
  epoch: number;
  state: "idle" | "ramping" | "paused" | "rolled_back";
  candidateVersion: string | null;
  stableVersion: string | null;
  previousStableVersion: string | null;
  candidatePercent: number;
  completedAt: Date | null;
  model: { key: string; name: string; policy: unknown };
  decisions: { outcome: string; sample: unknown; epoch: number; createdAt: Date }[];
};

function reasonOf(sample: unknown, outcome: string): string {
  const r = typeof sample === "object" && sample !== null ? (sample as { reason?: unknown }).reason : undefined;
  return typeof r === "string" && r ? r : outcome;
}

export function releaseAttention(r: ReleaseRow, now: Date): AttentionRelease | null {
  const parsed = parsePolicy(r.model.policy);
  const minutes = (parsed.ok ? parsed.policy : DEFAULT_POLICY).guardrails.postPromotionMinutes;
  const watch = guardrailWatch(r, minutes, now);
  const held = r.state === "paused" && r.candidateVersion !== null;
  if (watch.watching === null && !held) return null;
  // a verdict made on an earlier epoch is history, not the state of the release now
  const d = r.decisions[0];
  const verdict =
    d && d.epoch === r.epoch ? { outcome: d.outcome, reason: reasonOf(d.sample, d.outcome), at: d.createdAt.toISOString() } : null;
  return {
    model: { key: r.model.key, name: r.model.name },
    watching: watch.watching,
    held,
    candidate: r.candidateVersion,
    stable: r.stableVersion,
    percent: r.candidatePercent,
    sentence: watch.sentence,
    verdict,
  };
}

const badges = (): ModelBadges => ({ inProgress: false, held: false, watched: false, incidents: 0, driftAlerts: 0, driftWarnings: 0 });

/** Releases, incidents and drift: what every reader sees, and what the models list's badges say. */
async function modelAttention(db: Tx, now: Date) {
  const [releases, incidents, driftRows, models] = await Promise.all([
    db.release.findMany({
      where: { environment: RELEASE_ENVIRONMENT, OR: [{ candidateVersion: { not: null } }, { completedAt: { not: null }, state: "idle" }] },
      select: {
        epoch: true,
        state: true,
        candidateVersion: true,
        stableVersion: true,
        previousStableVersion: true,
        candidatePercent: true,
        completedAt: true,
        model: { select: { key: true, name: true, policy: true } },
        decisions: {
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: 1,
          select: { outcome: true, sample: true, epoch: true, createdAt: true },
        },
      },
    }),
    db.incident.findMany({
      where: { status: "open" },
      orderBy: [{ rolledBackAt: "desc" }, { id: "desc" }],
      select: {
        id: true,
        fromVersion: true,
        toVersion: true,
        trigger: true,
        reason: true,
        rolledBackAt: true,
        model: { select: { key: true, name: true } },
      },
    }),
    db.driftAlertState.findMany({ where: { state: { in: ["warn", "alert"] } }, orderBy: [{ value: "desc" }] }),
    db.model.findMany({ select: { id: true, key: true, name: true } }),
  ]);

  const modelById = new Map(models.map((m) => [m.id, { key: m.key, name: m.name }]));
  const byModel: Record<string, ModelBadges> = {};
  const of = (key: string) => (byModel[key] ??= badges());

  const inProgress = releases.map((r) => releaseAttention(r, now)).filter((r): r is AttentionRelease => r !== null);
  // held first, then running canaries, then post-promotion watches
  const order = (r: AttentionRelease) => (r.held ? 0 : r.watching === "canary" ? 1 : 2);
  inProgress.sort((a, b) => order(a) - order(b) || a.model.name.localeCompare(b.model.name));
  for (const r of inProgress) {
    if (r.held) of(r.model.key).held = true;
    else if (r.watching === "canary") of(r.model.key).inProgress = true;
    else of(r.model.key).watched = true;
  }

  const openIncidents = incidents.map((i) => ({
    id: i.id,
    model: i.model,
    fromVersion: i.fromVersion,
    toVersion: i.toVersion,
    trigger: i.trigger,
    reason: i.reason,
    rolledBackAt: i.rolledBackAt.toISOString(),
  }));
  for (const i of openIncidents) of(i.model.key).incidents++;

  const drift: AttentionDrift[] = [];
  for (const d of driftRows) {
    const model = modelById.get(d.modelId);
    if (!model) continue;
    const level = d.state === "alert" ? "alert" : "warn";
    drift.push({ model, tenant: d.tenant, feature: d.feature, level, psi: d.value, since: d.since.toISOString() });
    if (level === "alert") of(model.key).driftAlerts++;
    else of(model.key).driftWarnings++;
  }
  drift.sort((a, b) => (a.level === b.level ? b.psi - a.psi : a.level === "alert" ? -1 : 1));
  return { releases: inProgress, incidents: openIncidents, drift, byModel };
}

/** The models list's badges: by model key, only models with something to show. */
export async function modelBadges(db: Tx, now = new Date()): Promise<Record<string, ModelBadges>> {
  return (await modelAttention(db, now)).byModel;
}

async function failingWebhooks(db: Tx): Promise<FailingWebhook[]> {
  const webhooks = await db.webhook.findMany({
    where: { active: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      deliveries: {
        where: { attempts: { gt: 0 } },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 1,
        select: { status: true, lastStatus: true, lastError: true, createdAt: true, event: { select: { type: true } } },
      },
    },
  });
  return webhooks.flatMap((w) => {
    const d = w.deliveries[0];
    if (!d || (d.status !== "failed" && d.status !== "dead")) return [];
    return [
      {
        id: w.id,
        name: w.name,
        event: d.event.type,
        status: d.status,
        statusCode: d.lastStatus,
        error: d.lastError,
        at: d.createdAt.toISOString(),
      },
    ];
  });
}

export async function attentionFor(db: Tx, reader: Reader, now = new Date()): Promise<Attention> {
  const [models, approvals, webhooks] = await Promise.all([
    modelAttention(db, now),
    roleCan(reader.role, "approvals:decide") ? approvalsWaitingFor(db, reader) : Promise.resolve([]),
    roleCan(reader.role, "webhooks:manage") ? failingWebhooks(db) : Promise.resolve(null),
  ]);
  return { asOf: now.toISOString(), ...models, approvals, webhooks };
}

/** Nothing on the page needs the reader. */
export function isQuiet(a: Attention): boolean {
  return (
    a.releases.length === 0 &&
    a.incidents.length === 0 &&
    a.drift.length === 0 &&
    a.approvals.length === 0 &&
    (a.webhooks?.length ?? 0) === 0
  );
}
