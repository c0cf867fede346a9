/**
 * The tenant table of a model: requests, error rate, p95 and quality per tenant × version over
 * a range, each row ranked by how much worse it is than its base (tenant-rank.ts) and carrying
 * its tenant's worst drift score. The guardrail policy gives the minimum sample and the
 * tolerances; the production release says whether a canary runs (and which is the candidate).
 */
import "server-only";
import { DEFAULT_POLICY, parsePolicy } from "../policy";
import { tenantDriftWorst, type TenantDrift, type TenantDriftWorst } from "../drift/queries";
import type { Database } from "../database/open";
import { RELEASE_ENVIRONMENT } from "../database/environment";
import { modelNotFound } from "../database/models";
import { NotFoundError } from "../errors";
import { loadRows, pointOf, resolveRange } from "./queries";
import { addSums, emptySums, GRAIN_MS, type Sums } from "./rollup";
import { sqlQuery } from "./sql";
import { rankTenantRows, type Signals, type TenantRank } from "./tenant-rank";
import { floorTo, grainForRange, type Source } from "./tiers";
import type { z } from "zod";
import type { tenantTableSchema } from "./contracts";

export type TenantRow = {
  tenant: string;
  version: string;
  requests: number;
  errors: number;
  error_rate: number;
  p95: number | null;
  quality: number | null;
  cost_per_1k: number | null;
  tokens_in: number;
  tokens_out: number;
  /** the version this tenant is pinned to in production, null when not pinned */
  pinnedVersion: string | null;
  /** this row's version is the tenant's pin */
  pinned: boolean;
  rank: TenantRank;
  /** the tenant's worst drift (all versions) over the drift window; null when nothing was judged */
  drift: TenantDriftWorst | null;
};

export type TenantTable = z.output<typeof tenantTableSchema>;

type ModelRelease = { id: string; policy: unknown; stableVersion: string | null; candidateVersion: string | null; state: string | null };

async function modelAndRelease(database: Database, key: string): Promise<ModelRelease> {
  const rows = await sqlQuery<ModelRelease>(
    database,
    `SELECT m."id", m."policy", r."stableVersion", r."candidateVersion", r."state"::text AS "state"
     FROM "Model" m LEFT JOIN "Release" r ON r."modelId" = m."id" AND r."environment" = $2
     WHERE m."key" = $1`,
    [key, RELEASE_ENVIRONMENT],
  );
  if (!rows[0]) throw modelNotFound(key);
  return rows[0];
}

/** Drift is an extra column: a model whose drift cannot be read still gets its table. */
async function driftOrNull(database: Database, model: string, now: number): Promise<TenantDrift | null> {
  try {
    return await tenantDriftWorst(database, model, now);
  } catch (e) {
    if (e instanceof NotFoundError) return null;
    throw e;
  }
}

const signalsOf = (sums: Sums): Signals => {
  const p = pointOf(0, sums);
  return { requests: sums.count, error_rate: p.error_rate ?? 0, p95: p.p95, quality: p.quality };
};

/** With `version`, only that version's rows, ranked as in the full table (a candidate is still compared with stable). */
export async function tenantTable(
  database: Database,
  req: { model: string; from?: number | Date; to?: number | Date; now?: number; version?: string },
): Promise<TenantTable> {
  const { fromMs: rawFrom, toMs } = resolveRange(req);
  const grain = grainForRange(toMs - rawFrom);
  const fromMs = floorTo(rawFrom, GRAIN_MS[grain]);
  const model = await modelAndRelease(database, req.model);
  const source: Source = grain === "minute" ? { table: "MetricMinute", tenant: "" } : { table: "MetricRollup", grain, tenant: "" };
  const [stored, pins, drift] = await Promise.all([
    loadRows(database, model.id, source, fromMs, toMs, { allTenants: true }),
    sqlQuery<{ tenant: string; version: string }>(
      database,
      `SELECT "tenant", "version" FROM "TenantPin" WHERE "modelId" = $1 AND "environment" = $2`,
      [model.id, RELEASE_ENVIRONMENT],
    ),
    driftOrNull(database, req.model, req.now ?? Date.now()),
  ]);
  const pinOf = new Map(pins.map((p) => [p.tenant, p.version]));
  const groups = new Map<string, { tenant: string; version: string; sums: Sums }>();
  const perVersion = new Map<string, Sums>();
  for (const r of stored) {
    const key = `${r.tenant}\u0000${r.version}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { tenant: r.tenant, version: r.version, sums: emptySums() }));
    addSums(g.sums, r);
    let v = perVersion.get(r.version);
    if (!v) perVersion.set(r.version, (v = emptySums()));
    addSums(v, r);
  }
  const rows = [...groups.values()].map((g) => {
    const p = pointOf(fromMs, g.sums);
    const pinnedVersion = pinOf.get(g.tenant) ?? null;
    return {
      tenant: g.tenant,
      version: g.version,
      requests: g.sums.count,
      errors: g.sums.errorCount,
      error_rate: p.error_rate ?? 0,
      p95: p.p95,
      quality: p.quality,
      cost_per_1k: p.cost_per_1k,
      tokens_in: g.sums.tokensIn,
      tokens_out: g.sums.tokensOut,
      pinnedVersion,
      pinned: pinnedVersion === g.version,
      drift: drift?.tenants[g.tenant] ?? null,
    };
  });

  const parsed = parsePolicy(model.policy);
  const guardrails = (parsed.ok ? parsed.policy : DEFAULT_POLICY).guardrails;
  const canary = model.candidateVersion !== null && (model.state === "ramping" || model.state === "paused");
  const candidate = canary ? model.candidateVersion : null;
  const ranked = rankTenantRows(rows, {
    candidate,
    stable: model.stableVersion,
    minSample: guardrails.minSample,
    tolerances: { maxP95Factor: guardrails.latency.maxP95Factor, maxErrorIncrease: guardrails.errorRate.maxIncrease },
    baselines: Object.fromEntries([...perVersion].map(([v, sums]) => [v, signalsOf(sums)])),
  });
  return {
    model: req.model,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    grain,
    version: req.version ?? null,
    ranking: { mode: canary ? "canary" : "all_tenants", candidate, stable: model.stableVersion, minSample: guardrails.minSample },
    drift: drift ? { window: drift.window, thresholds: drift.thresholds } : null,
    rows: req.version ? ranked.filter((r) => r.version === req.version) : ranked,
  };
}
