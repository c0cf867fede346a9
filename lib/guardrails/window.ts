/**
 * Window stats for the guardrail decision: one version's all-tenant ("*") minute rollups
 * between two instants, merged. p95 comes from the merged latency histogram (histogram.ts),
 * so it is a true percentile of the window, not an average of per-minute percentiles.
 */
import type { Tx } from "../database/types";
import { merge, percentile } from "../telemetry/server";
import { ALL_TENANTS, GRAIN_MS } from "../telemetry/server";
import { floorTo } from "../telemetry/server";
import type { WindowStats } from "./decide";

export type Window = { from: Date; to: Date };

/** Since the current step began, at most `capMinutes` back from `now`. */
export function stepWindow(stepStartedAt: Date | null, now: Date, capMinutes: number): Window {
  const cap = now.getTime() - capMinutes * 60_000;
  return { from: new Date(Math.max(stepStartedAt?.getTime() ?? cap, cap)), to: now };
}

type Row = {
  bucket?: Date;
  count: number;
  errorCount: number;
  latencyHist: number[];
  scoreCount: number;
  scoreSum: number;
  scoreSumSq?: number;
  labelCount: number;
  correctCount: number;
  costCount: number;
  costSum: number;
  flags: unknown;
};

/** Merges minute rows of one version into the stats the decision reads, with the merged latency histogram. */
export function summarize(version: string, rows: readonly Row[]): WindowStats {
  let requests = 0,
    errors = 0,
    scoreCount = 0,
    scoreSum = 0,
    scoreSumSq = 0,
    labelCount = 0,
    correct = 0,
    costCount = 0,
    costSum = 0;
  const flags: Record<string, number> = {};
  const hist = merge(...rows.map((r) => r.latencyHist));
  for (const r of rows) {
    requests += r.count;
    errors += r.errorCount;
    scoreCount += r.scoreCount;
    scoreSum += r.scoreSum;
    scoreSumSq += r.scoreSumSq ?? 0;
    labelCount += r.labelCount;
    correct += r.correctCount;
    costCount += r.costCount;
    costSum += r.costSum;
    if (r.flags && typeof r.flags === "object") {
      for (const [k, v] of Object.entries(r.flags as Record<string, unknown>)) if (typeof v === "number") flags[k] = (flags[k] ?? 0) + v;
    }
  }
  const quality = scoreCount > 0 ? scoreSum / scoreCount : labelCount > 0 ? correct / labelCount : null;
  const scoreMean = scoreCount > 0 ? scoreSum / scoreCount : 0;
  return {
    version,
    latencyHist: hist,
    requests,
    errors,
    errorRate: requests > 0 ? errors / requests : null,
    p95Ms: requests > 0 ? percentile(hist, 0.95) : null,
    quality,
    qualitySample: scoreCount > 0 ? scoreCount : labelCount,
    qualityVariance: scoreCount > 0 ? Math.max(0, scoreSumSq / scoreCount - scoreMean * scoreMean) : null,
    costPer1k: costCount > 0 ? (costSum / costCount) * 1000 : null,
    costSample: costCount,
    flags,
  };
}

const SELECT = {
  bucket: true,
  count: true,
  errorCount: true,
  latencyHist: true,
  scoreCount: true,
  scoreSum: true,
  scoreSumSq: true,
  labelCount: true,
  correctCount: true,
  costCount: true,
  costSum: true,
  flags: true,
} as const;

/** One version's minute rows in the window (the minute holding `from` counts whole), oldest first. */
async function windowRows(tx: Tx, modelId: string, version: string, w: Window) {
  return tx.metricRollup.findMany({
    where: {
      modelId,
      version,
      grain: "minute",
      tenant: ALL_TENANTS,
      bucket: { gte: new Date(floorTo(w.from.getTime(), GRAIN_MS.minute)), lte: w.to },
    },
    select: SELECT,
    orderBy: { bucket: "asc" },
  });
}

/** The window stats of one version of a model, as decisions and incidents store them. */
export async function versionWindow(tx: Tx, modelId: string, version: string, w: Window): Promise<WindowStats> {
  const { latencyHist: _histogram, ...stats } = summarize(version, await windowRows(tx, modelId, version, w));
  return stats;
}

/**
 * The newest minutes of the window that hold at least `minSample` requests (all of it when it
 * holds fewer): the absolute limits are judged on these, so hours of healthy traffic cannot
 * dilute a breach that began a minute ago.
 */
export function recentRows<R extends { count: number }>(rows: readonly R[], minSample: number): R[] {
  let n = 0;
  let i = rows.length;
  while (i > 0 && n < minSample) n += rows[--i]!.count;
  return rows.slice(i);
}

/** What a decision reads of one version: the window (with its latency histogram) and its recent part. */
export type VersionEvidence = { window: WindowStats; recent: WindowStats };

export async function versionEvidence(tx: Tx, modelId: string, version: string, w: Window, minSample: number): Promise<VersionEvidence> {
  const rows = await windowRows(tx, modelId, version, w);
  const { latencyHist: _histogram, ...recent } = summarize(version, recentRows(rows, minSample));
  return { window: summarize(version, rows), recent };
}
