/**
 * Lifecycle reads for the API, the pages and the services: a version's evaluations, the PROD
 * baseline an evaluation is compared with, and why a version counts as serving traffic.
 * Every function takes the Prisma client or a transaction first; dates leave as ISO strings.
 */
import { modelByKeyOrThrow } from "../database/models";
import type { Tx } from "../database/types";
import { NotFoundError } from "../errors";
import { prodVersionOf } from "../registry/server";
import type { ProdBaseline } from "./gates";
import type { z } from "zod";
import type { evaluationListSchema } from "./contracts";

export type EvaluationList = z.output<typeof evaluationListSchema>;

/** A version's evaluations, newest first. 404 naming the model or the version. */
export async function listEvaluations(db: Tx, modelKey: string, version: string): Promise<EvaluationList> {
  const model = await modelByKeyOrThrow(db, modelKey, { id: true });
  const v = await db.modelVersion.findUnique({
    where: { modelId_version: { modelId: model.id, version } },
    select: { version: true, stage: true, evaluations: { orderBy: [{ createdAt: "desc" }, { id: "desc" }] } },
  });
  if (!v) throw new NotFoundError(`Model "${modelKey}" has no version ${version}.`);
  return {
    model: modelKey,
    version: v.version,
    stage: v.stage,
    evaluations: v.evaluations.map((e) => ({
      id: e.id,
      dataset: e.dataset,
      metrics: e.metrics,
      replay: e.replay,
      baselineVersion: e.baselineVersion,
      passed: e.passed,
      gates: e.gates,
      reasons: e.reasons,
      createdBy: e.createdBy,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}

function numericMetrics(json: unknown): Record<string, number> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return {};
  return Object.fromEntries(
    Object.entries(json as Record<string, unknown>).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1])),
  );
}

/**
 * What regression gates compare with: the PROD version (the production release's stable
 * version, else the version in stage PROD) and its metrics from its latest evaluation on the
 * same dataset, else from its latest evaluation on any dataset (the result names that
 * dataset). A PROD version without evaluations gives empty metrics: its gates are skipped and
 * say so. Null when nothing is in PROD.
 */
export async function prodBaseline(db: Tx, modelId: string, dataset?: string): Promise<ProdBaseline> {
  const version = await prodVersionOf(db, modelId);
  if (!version) return null;
  const row = await db.modelVersion.findUnique({ where: { modelId_version: { modelId, version } }, select: { id: true } });
  if (!row) return { version, metrics: {}, dataset: null };
  const newest = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const evaluation =
    (dataset !== undefined
      ? await db.evaluation.findFirst({ where: { versionId: row.id, dataset }, orderBy: newest, select: { metrics: true, dataset: true } })
      : null) ??
    (await db.evaluation.findFirst({ where: { versionId: row.id }, orderBy: newest, select: { metrics: true, dataset: true } }));
  return { version, metrics: numericMetrics(evaluation?.metrics), dataset: evaluation?.dataset ?? null };
}

/**
 * Why a version serves traffic, one phrase per reason: a release pointer (stable, previous
 * stable, candidate) in any environment, or tenant pins. Empty when it serves nothing.
 */
export async function servingReasons(db: Tx, modelId: string, version: string): Promise<string[]> {
  const reasons: string[] = [];
  const releases = await db.release.findMany({
    where: { modelId, OR: [{ stableVersion: version }, { previousStableVersion: version }, { candidateVersion: version }] },
    select: { environment: true, stableVersion: true, previousStableVersion: true, candidateVersion: true },
    orderBy: { environment: "asc" },
  });
  for (const r of releases) {
    if (r.stableVersion === version) reasons.push(`it is the stable version of the ${r.environment} release`);
    if (r.previousStableVersion === version) reasons.push(`it is the rollback target (previous stable) of the ${r.environment} release`);
    if (r.candidateVersion === version) reasons.push(`it is the candidate being rolled out in the ${r.environment} release`);
  }
  const SHOWN = 5;
  // One after the other: inside a transaction both run on its one connection anyway.
  const pins = await db.tenantPin.findMany({
    where: { modelId, version },
    select: { tenant: true },
    orderBy: { tenant: "asc" },
    take: SHOWN,
  });
  const pinCount = pins.length < SHOWN ? pins.length : await db.tenantPin.count({ where: { modelId, version } });
  if (pinCount > 0) {
    const names = pins.map((p) => p.tenant).join(", ");
    const more = pinCount > SHOWN ? ` and ${pinCount - SHOWN} more` : "";
    reasons.push(`tenant${pinCount === 1 ? "" : "s"} ${names}${more} ${pinCount === 1 ? "is" : "are"} pinned to it`);
  }
  return reasons;
}

/** The last three versions that were PROD, newest promotion first: kept ("gold"), never archived. */
export async function goldVersions(db: Tx, modelId: string): Promise<string[]> {
  const rows = await db.modelVersion.findMany({
    where: { modelId, promotedAt: { not: null } },
    orderBy: [{ promotedAt: "desc" }, { id: "desc" }],
    take: 3,
    select: { version: true },
  });
  return rows.map((r) => r.version);
}
