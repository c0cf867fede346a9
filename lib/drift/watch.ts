/**
 * The drift watch: every few minutes, each model's heatmap over its policy's window
 * (`drift.windowHours`, default 24 h) moves DriftAlertState per (tenant, feature) through
 * policy.ts's state machine. Prediction drift is watched as the feature "@prediction".
 *
 * A transition is written in one transaction with its audit event (`drift.state_changed`) and,
 * when it enters alert, a `drift.detected` outbox event. The state change is a compare-and-set
 * on the previous state (or an insert that skips an existing row), so two app instances
 * evaluating at once write each transition once. Cells not judged (too few events, no
 * baseline) leave their state alone: a quiet hour is not a recovery. DriftAlertState.value is
 * the PSI when the state was entered; `since` is when.
 *
 * server.ts starts `driftWatchJob(database)` with the other jobs and stops it on shutdown.
 */
// No "server-only" marker: server.ts imports this module directly under tsx.
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import type { Database } from "../database/open";
import { emitEvent } from "../events/emit";
import { defineJob, type Job } from "../jobs";
import { TX_OPTIONS } from "../database/transaction";
import { kickWebhookDelivery } from "../notify/server";
import { loadDriftContext } from "./context";
import { isDriftLevel, nextState, type DriftLevel } from "./policy";
import { buildHeatmap, type DriftCell, type DriftHeatmap } from "./queries";

export const DRIFT_WATCH_ACTOR: Actor = { type: "system", id: null, label: "drift watch" };

export type DriftTransition = {
  model: string;
  tenant: string;
  feature: string;
  from: DriftLevel;
  to: DriftLevel;
  psi: number;
  js: number;
};

export type DriftWatchOptions = {
  /** time between passes (default 5 minutes); the first pass starts after `firstRunDelayMs` */
  intervalMs?: number;
  firstRunDelayMs?: number;
  /** the clock, for tests */
  now?: () => number;
  log?: (message: string) => void;
  /** [0, 1), for the backoff's jitter */
  random?: () => number;
};

const fmt = (x: number) => x.toFixed(3);

async function applyTransition(
  database: Database,
  map: DriftHeatmap,
  modelId: string,
  cell: DriftCell,
  tenant: string,
  from: DriftLevel,
  to: DriftLevel,
  existed: boolean,
  now: number,
): Promise<boolean> {
  const psi = cell.psi as number;
  const js = cell.js as number;
  const at = new Date(now);
  return database.prisma.$transaction(async (tx) => {
    if (existed) {
      const moved = await tx.driftAlertState.updateMany({
        where: { modelId, tenant, feature: cell.feature, state: from },
        data: { state: to, value: psi, since: at },
      });
      if (moved.count === 0) return false;
    } else {
      const created = await tx.driftAlertState.createMany({
        data: [{ modelId, tenant, feature: cell.feature, state: to, value: psi, since: at }],
        skipDuplicates: true,
      });
      if (created.count === 0) return false;
    }
    const detail = {
      tenant,
      feature: cell.feature,
      psi,
      js,
      ks: cell.ks,
      sample: cell.sample,
      window: map.window,
      thresholds: map.thresholds,
    };
    await appendAudit(tx, {
      actor: DRIFT_WATCH_ACTOR,
      action: "drift.state_changed",
      subject: { type: "model", id: map.model.key },
      modelKey: map.model.key,
      before: { tenant, feature: cell.feature, state: from },
      after: { ...detail, state: to },
      reason: `PSI ${fmt(psi)}, JS ${fmt(js)} over ${cell.sample} events in the last ${map.window}`,
    });
    if (to === "alert") {
      const baseline = cell.feature.startsWith("@") ? map.prediction.baseline : map.features.find((f) => f.name === cell.feature)?.baseline;
      await emitEvent(tx, {
        type: "drift.detected",
        modelKey: map.model.key,
        payload: {
          model: map.model.key,
          ...detail,
          metric: "PSI",
          value: fmt(psi),
          baseline: baseline?.label ?? null,
          detectedAt: at.toISOString(),
        },
      });
    }
    return true;
  }, TX_OPTIONS);
}

/** One pass over one model; returns the transitions it wrote. */
export async function evaluateModelDrift(database: Database, modelKey: string, now = Date.now()): Promise<DriftTransition[]> {
  const ctx = await loadDriftContext(database, modelKey);
  // a broken policy is reported on the page; alerts on thresholds nobody chose would mislead
  if (ctx.policyInvalid) return [];
  const map = await buildHeatmap(database, ctx, {
    window: `${ctx.thresholds.windowHours}h`,
    hours: ctx.thresholds.windowHours,
    version: null,
    now,
  });
  const stored = await database.prisma.driftAlertState.findMany({
    where: { modelId: ctx.model.id },
    select: { tenant: true, feature: true, state: true },
  });
  const states = new Map(stored.map((s) => [`${s.tenant}\u0000${s.feature}`, s.state]));
  const out: DriftTransition[] = [];
  for (const row of map.tenants) {
    for (const cell of [...row.cells, row.prediction]) {
      if (cell.psi === null || cell.js === null) continue;
      const stored = states.get(`${row.tenant}\u0000${cell.feature}`);
      const from: DriftLevel = stored !== undefined && isDriftLevel(stored) ? stored : "ok";
      const to = nextState(from, { psi: cell.psi, js: cell.js }, ctx.thresholds);
      if (to === from) continue;
      if (await applyTransition(database, map, ctx.model.id, cell, row.tenant, from, to, stored !== undefined, now)) {
        out.push({ model: modelKey, tenant: row.tenant, feature: cell.feature, from, to, psi: cell.psi, js: cell.js });
      }
    }
  }
  return out;
}

/** One pass over every model with drift data in the last week. */
export async function evaluateDrift(database: Database, now = Date.now()): Promise<DriftTransition[]> {
  const since = new Date(now - 7 * 86_400_000);
  const models = await database.prisma.model.findMany({
    where: {
      OR: [
        {
          id: {
            in: (
              await database.prisma.featureHistogram.findMany({
                where: { hour: { gte: since } },
                distinct: ["modelId"],
                select: { modelId: true },
              })
            ).map((r) => r.modelId),
          },
        },
        {
          id: {
            in: (
              await database.prisma.metricRollup.findMany({
                where: { grain: "day", tenant: "*", bucket: { gte: since }, scoreCount: { gt: 0 } },
                distinct: ["modelId"],
                select: { modelId: true },
              })
            ).map((r) => r.modelId),
          },
        },
      ],
    },
    select: { key: true },
    orderBy: { key: "asc" },
  });
  const out: DriftTransition[] = [];
  for (const m of models) out.push(...(await evaluateModelDrift(database, m.key, now)));
  return out;
}

/** The periodic watch. While the database is away the next pass waits longer, up to 30 minutes. */
export function driftWatchJob(database: Database, opts: DriftWatchOptions = {}): Job {
  const log = opts.log ?? ((m: string) => console.log(`[rollgate] ${m}`));
  const clock = opts.now ?? Date.now;
  const every = opts.intervalMs ?? 5 * 60_000;
  return defineJob({
    name: "drift watch",
    every,
    firstAfter: opts.firstRunDelayMs ?? 60_000,
    backoff: { initialMs: every, maxMs: 30 * 60_000 },
    log,
    random: opts.random,
    run: async () => {
      const transitions = await evaluateDrift(database, clock());
      for (const t of transitions) log(`drift watch: ${t.model} ${t.tenant}/${t.feature} ${t.from} → ${t.to} (PSI ${fmt(t.psi)})`);
      if (transitions.some((t) => t.to === "alert")) kickWebhookDelivery();
    },
  });
}
