/**
 * Registry reads for the REST API and the pages. Every function takes the Prisma client (or a
 * transaction) first and returns plain DTOs: dates as ISO strings, so the same object goes out
 * as JSON and across the server/client component boundary unchanged.
 *
 * "In PROD" means the production Release row's stableVersion when a release exists (the
 * routing pointer is the truth about what serves traffic), else the version whose stage is PROD.
 */
import { teamNames } from "../teams/queries";
import { versionListQuerySchema, type VersionListQuery } from "./contracts";
import type { Decision, Stage } from "../../generated/prisma/enums";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import { modelByKeyOrThrow } from "../database/models";
import type { Tx } from "../database/types";
import { NotFoundError } from "../errors";
import { diffManifests, groupChangesBySection, type Change, type ChangeGroup } from "./diff";
import { compareVersionIds, type Manifest } from "./manifest-schema";
import type { z } from "zod";
import type { modelSummarySchema, versionRowSchema } from "./contracts";

/** How far the version page walks up the parent chain. */
const LINEAGE_DEPTH = 10;

export type ModelSummary = z.output<typeof modelSummarySchema>;

export type ReleaseSummary = {
  environment: string;
  stableVersion: string | null;
  candidateVersion: string | null;
  candidatePercent: number;
  mode: string;
  state: string;
  epoch: number;
  updatedAt: string;
};

export type ModelDetail = ModelSummary & {
  /** the model's policy JSON as stored (budgets, gates, approvals, ramp, guardrails) */
  policy: unknown;
  createdAt: string;
  release: ReleaseSummary | null;
};

export type VersionRow = z.output<typeof versionRowSchema>;

export type VersionList = { rows: VersionRow[]; total: number; page: number; pageSize: number };

export type EvaluationDto = {
  id: string;
  dataset: string;
  metrics: unknown;
  replay: unknown;
  baselineVersion: string | null;
  passed: boolean;
  gates: unknown;
  reasons: unknown;
  createdBy: string;
  createdAt: string;
};

export type ApprovalDto = {
  reviewer: { id: string; name: string; email: string };
  decision: Decision;
  comment: string;
  createdAt: string;
  /** when a rollback of the version's rollout made this decision stop counting (kept as history); null while it counts */
  invalidatedAt: string | null;
};

export type LineageNode = { version: string; stage: Stage; createdAt: string };

export type Lineage = {
  /** parent first, then its parent…, at most LINEAGE_DEPTH; stops at a parent that is not registered */
  ancestors: LineageNode[];
  /** true when the chain goes on past LINEAGE_DEPTH */
  truncated: boolean;
  /** versions naming this one as parent, oldest first */
  children: LineageNode[];
};

export type VersionDetail = {
  model: { key: string; name: string };
  version: string;
  stage: Stage;
  stageChangedAt: string;
  isProd: boolean;
  /** exactly as registered (after parsing) */
  manifest: Manifest;
  contentHash: string;
  sourceText: string;
  sourceFormat: string;
  schemaVersion: string;
  parentVersion: string | null;
  changelog: string;
  registeredBy: string;
  registeredByType: string;
  createdAt: string;
  deprecatesAt: string | null;
  deprecationReason: string | null;
  promotedAt: string | null;
  evaluations: EvaluationDto[];
  approvals: ApprovalDto[];
  lineage: Lineage;
};

export type ManifestDiff = {
  model: string;
  from: string;
  to: string;
  changes: Change[];
  /** the same changes grouped by manifest section; sections without changes are left out */
  sections: ChangeGroup[];
};

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

// ---------------------------------------------------------------------------------------------

/** The version serving production for a model id (see the rule at the top), or null. */
export async function prodVersionOf(db: Tx, modelId: string): Promise<string | null> {
  const release = await db.release.findUnique({
    where: { modelId_environment: { modelId, environment: RELEASE_ENVIRONMENT } },
    select: { stableVersion: true },
  });
  if (release?.stableVersion) return release.stableVersion;
  const prod = await db.modelVersion.findFirst({
    where: { modelId, stage: "PROD" },
    orderBy: { stageChangedAt: "desc" },
    select: { version: true },
  });
  return prod?.version ?? null;
}

/** Every model, by key, with what is in PROD and its latest version. */
export async function listModels(db: Tx): Promise<ModelSummary[]> {
  const models = await db.model.findMany({
    orderBy: { key: "asc" },
    select: {
      key: true,
      name: true,
      ownerTeam: true,
      description: true,
      _count: { select: { versions: true } },
      releases: { where: { environment: RELEASE_ENVIRONMENT }, select: { stableVersion: true } },
      versions: {
        where: { stage: "PROD" },
        orderBy: { stageChangedAt: "desc" },
        take: 1,
        select: { version: true },
      },
    },
  });
  // One query for the latest version of every model, instead of one per model.
  const latest = await db.modelVersion.findMany({
    distinct: ["modelId"],
    orderBy: [{ modelId: "asc" }, { createdAt: "desc" }, { id: "desc" }],
    select: { modelId: true, version: true, stage: true, createdAt: true, model: { select: { key: true } } },
  });
  const latestByKey = new Map(latest.map((v) => [v.model.key, v]));
  const teams = await teamNames(db);
  return models.map((m) => {
    const last = latestByKey.get(m.key);
    return {
      key: m.key,
      name: m.name,
      ownerTeam: m.ownerTeam,
      ownerTeamName: teams.get(m.ownerTeam) ?? null,
      description: m.description,
      prodVersion: m.releases[0]?.stableVersion ?? m.versions[0]?.version ?? null,
      latestVersion: last?.version ?? null,
      latestStage: last?.stage ?? null,
      latestAt: last ? iso(last.createdAt) : null,
      versionCount: m._count.versions,
    };
  });
}

/** One model with its production release, or null when the key is unknown. */
export async function getModel(db: Tx, key: string): Promise<ModelDetail | null> {
  const m = await db.model.findUnique({
    where: { key },
    select: {
      id: true,
      key: true,
      name: true,
      ownerTeam: true,
      description: true,
      policy: true,
      createdAt: true,
      _count: { select: { versions: true } },
      releases: { where: { environment: RELEASE_ENVIRONMENT } },
      versions: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 1, select: { version: true, stage: true, createdAt: true } },
    },
  });
  if (!m) return null;
  const release = m.releases[0] ?? null;
  const last = m.versions[0];
  return {
    key: m.key,
    name: m.name,
    ownerTeam: m.ownerTeam,
    ownerTeamName: m.ownerTeam ? ((await db.team.findUnique({ where: { key: m.ownerTeam }, select: { name: true } }))?.name ?? null) : null,
    description: m.description,
    policy: m.policy,
    createdAt: iso(m.createdAt),
    prodVersion: await prodVersionOf(db, m.id),
    latestVersion: last?.version ?? null,
    latestStage: last?.stage ?? null,
    latestAt: last ? iso(last.createdAt) : null,
    versionCount: m._count.versions,
    release: release
      ? {
          environment: release.environment,
          stableVersion: release.stableVersion,
          candidateVersion: release.candidateVersion,
          candidatePercent: release.candidatePercent,
          mode: release.mode,
          state: release.state,
          epoch: release.epoch,
          updatedAt: iso(release.updatedAt),
        }
      : null,
  };
}

const versionRowSelect = {
  version: true,
  stage: true,
  registeredBy: true,
  registeredByType: true,
  createdAt: true,
  changelog: true,
  parentVersion: true,
  contentHash: true,
  deprecatesAt: true,
} as const;

/** A page of a model's versions. Throws NotFoundError when the model does not exist. */
export async function listVersions(db: Tx, key: string, query: Partial<VersionListQuery> = {}): Promise<VersionList> {
  const { sort, dir, page, pageSize } = versionListQuerySchema.parse(query);
  const { id: modelId } = await modelByKeyOrThrow(db, key, { id: true });
  const total = await db.modelVersion.count({ where: { modelId } });
  const skip = (page - 1) * pageSize;
  let rows;
  if (sort === "version") {
    // Ids like 2026-01-15.10 do not sort as text (".10" < ".9"); order them in memory,
    // which needs only the id column, then load the one page.
    const ids = await db.modelVersion.findMany({ where: { modelId }, select: { version: true } });
    const ordered = ids.map((v) => v.version).sort(compareVersionIds);
    if (dir === "desc") ordered.reverse();
    const pageIds = ordered.slice(skip, skip + pageSize);
    const found = await db.modelVersion.findMany({ where: { modelId, version: { in: pageIds } }, select: versionRowSelect });
    const byId = new Map(found.map((v) => [v.version, v]));
    rows = pageIds.flatMap((id) => byId.get(id) ?? []);
  } else {
    rows = await db.modelVersion.findMany({
      where: { modelId },
      // stage sorts in the enum's lifecycle order (DEV first)
      orderBy: sort === "stage" ? [{ stage: dir }, { createdAt: "desc" }, { id: "desc" }] : [{ createdAt: dir }, { id: dir }],
      skip,
      take: pageSize,
      select: versionRowSelect,
    });
  }
  return {
    total,
    page,
    pageSize,
    rows: rows.map((v) => ({
      version: v.version,
      stage: v.stage,
      registeredBy: v.registeredBy,
      registeredByType: v.registeredByType,
      createdAt: iso(v.createdAt),
      changelogLine: (v.changelog.split(/\r?\n/).find((l) => l.trim() !== "") ?? "").trim(),
      parentVersion: v.parentVersion,
      contentHash: v.contentHash,
      deprecatesAt: isoOrNull(v.deprecatesAt),
    })),
  };
}

function lineageOf(all: { version: string; parentVersion: string | null; stage: Stage; createdAt: Date }[], version: string): Lineage {
  const byId = new Map(all.map((v) => [v.version, v]));
  const node = (v: { version: string; stage: Stage; createdAt: Date }): LineageNode => ({
    version: v.version,
    stage: v.stage,
    createdAt: iso(v.createdAt),
  });
  const ancestors: LineageNode[] = [];
  const seen = new Set([version]);
  let parentId = byId.get(version)?.parentVersion ?? null;
  let truncated = false;
  while (parentId && !seen.has(parentId)) {
    const parent = byId.get(parentId);
    if (!parent) break;
    if (ancestors.length === LINEAGE_DEPTH) {
      truncated = true;
      break;
    }
    ancestors.push(node(parent));
    seen.add(parentId);
    parentId = parent.parentVersion;
  }
  const children = all
    .filter((v) => v.parentVersion === version)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map(node);
  return { ancestors, truncated, children };
}

/** One version with its manifest, evaluations, approvals and lineage, or null when it does not exist. */
export async function getVersion(db: Tx, key: string, version: string): Promise<VersionDetail | null> {
  const model = await db.model.findUnique({ where: { key }, select: { id: true, key: true, name: true } });
  if (!model) return null;
  const v = await db.modelVersion.findUnique({
    where: { modelId_version: { modelId: model.id, version } },
    include: {
      evaluations: { orderBy: { createdAt: "desc" } },
      approvals: {
        orderBy: { createdAt: "asc" },
        include: { reviewer: { select: { id: true, name: true, email: true } } },
      },
    },
  });
  if (!v) return null;
  const family = await db.modelVersion.findMany({
    where: { modelId: model.id },
    select: { version: true, parentVersion: true, stage: true, createdAt: true },
  });
  const prod = await prodVersionOf(db, model.id);
  return {
    model: { key: model.key, name: model.name },
    version: v.version,
    stage: v.stage,
    stageChangedAt: iso(v.stageChangedAt),
    isProd: prod === v.version,
    manifest: v.manifest as Manifest,
    contentHash: v.contentHash,
    sourceText: v.sourceText,
    sourceFormat: v.sourceFormat,
    schemaVersion: v.schemaVersion,
    parentVersion: v.parentVersion,
    changelog: v.changelog,
    registeredBy: v.registeredBy,
    registeredByType: v.registeredByType,
    createdAt: iso(v.createdAt),
    deprecatesAt: isoOrNull(v.deprecatesAt),
    deprecationReason: v.deprecationReason,
    promotedAt: isoOrNull(v.promotedAt),
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
      createdAt: iso(e.createdAt),
    })),
    approvals: v.approvals.map((a) => ({
      reviewer: a.reviewer,
      decision: a.decision,
      comment: a.comment,
      createdAt: iso(a.createdAt),
      invalidatedAt: a.invalidatedAt ? iso(a.invalidatedAt) : null,
    })),
    lineage: lineageOf(family, v.version),
  };
}

/**
 * The structural diff from one version's manifest to another's. Throws NotFoundError naming
 * the model or every version that does not exist.
 */
export async function getDiff(db: Tx, key: string, from: string, to: string): Promise<ManifestDiff> {
  const { id: modelId } = await modelByKeyOrThrow(db, key, { id: true });
  const found = await db.modelVersion.findMany({
    where: { modelId, version: { in: [from, to] } },
    select: { version: true, manifest: true },
  });
  const byId = new Map(found.map((v) => [v.version, v.manifest]));
  const missing = [...new Set([from, to])].filter((id) => !byId.has(id));
  if (missing.length > 0) {
    throw new NotFoundError(`Model "${key}" has no version ${missing.join(" or ")}.`);
  }
  const changes = diffManifests(byId.get(from), byId.get(to));
  return { model: key, from, to, changes, sections: groupChangesBySection(changes) };
}

/**
 * What a version is compared with by default: the version in PROD when that is another
 * version, else its parent (when registered); null when there is neither.
 */
export async function defaultDiffBase(db: Tx, key: string, version: string): Promise<string | null> {
  const model = await db.model.findUnique({ where: { key }, select: { id: true } });
  if (!model) return null;
  const prod = await prodVersionOf(db, model.id);
  if (prod && prod !== version) return prod;
  const v = await db.modelVersion.findUnique({
    where: { modelId_version: { modelId: model.id, version } },
    select: { parentVersion: true },
  });
  if (!v?.parentVersion) return null;
  const parent = await db.modelVersion.findUnique({
    where: { modelId_version: { modelId: model.id, version: v.parentVersion } },
    select: { version: true },
  });
  return parent?.version ?? null;
}
