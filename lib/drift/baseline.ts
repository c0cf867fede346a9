/**
 * Baselines: what a feature's (or the score's) current distribution is compared with.
 *
 * - A feature whose manifest (of the reference version) gives `baseline` counts uses them:
 *   "training data (manifest)".
 * - Otherwise the stable version's first week of traffic: all tenants' counts from the first
 *   hour the stable version reported that feature, for 7 days. While that week is not over the
 *   baseline is what has arrived so far (`complete: false`, and the label says so).
 * - The score distribution has no manifest baseline: it is always the stable version's first
 *   week of scores (all tenants).
 * Without a stable version (nothing promoted yet), or when the stable version bins the feature
 * differently, there is no traffic baseline and the cells say so.
 */
// No "server-only" marker: the drift watch (server.ts, under tsx) reads through this module.
import type { Database } from "../database/open";
import { sqlQuery } from "../telemetry/sql";
import { manifestBaseline, slotCount, type FeatureSpec } from "./bins";
import { binsMatch, type DriftContext } from "./context";
import { SCORE_SLOTS, scoreSlot } from "./score";

export const BASELINE_DAYS = 7;
const WEEK_MS = BASELINE_DAYS * 86_400_000;
const HOUR_MS = 3_600_000;

export type BaselineInfo =
  | { source: "manifest"; label: string }
  | { source: "traffic"; label: string; version: string; from: string; to: string; complete: boolean }
  | { source: "none"; label: string };

export type Baseline = { info: BaselineInfo; counts: number[] | null };

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function trafficInfo(version: string, fromMs: number, lastHourMs: number, now: number): BaselineInfo {
  const endMs = fromMs + WEEK_MS;
  const complete = now >= endMs;
  const toMs = complete ? endMs : lastHourMs + HOUR_MS;
  const label = `baseline: first week of ${version} traffic, ${day(fromMs)}–${day(toMs - 1)}${complete ? "" : " (so far; the week is not over)"}`;
  return { source: "traffic", label, version, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), complete };
}

const none = (why: string): Baseline => ({ info: { source: "none", label: `no baseline: ${why}` }, counts: null });

/** The baseline of every reference feature, by name. */
export async function featureBaselines(database: Database, ctx: DriftContext, now: number): Promise<Map<string, Baseline>> {
  const out = new Map<string, Baseline>();
  const fromTraffic: FeatureSpec[] = [];
  for (const spec of ctx.features) {
    const counts = manifestBaseline(spec);
    if (counts) out.set(spec.name, { info: { source: "manifest", label: "baseline: training data (manifest)" }, counts });
    else fromTraffic.push(spec);
  }
  if (fromTraffic.length === 0) return out;
  const stable = ctx.stableVersion;
  const usable = stable ? fromTraffic.filter((s) => binsMatch(ctx, stable, s)) : [];
  for (const s of fromTraffic) {
    if (!usable.includes(s)) {
      out.set(
        s.name,
        none(
          stable
            ? `the manifest has no baseline counts and ${stable} bins ${s.name} differently`
            : "the manifest has no baseline counts and no version is stable yet",
        ),
      );
    }
  }
  if (!stable || usable.length === 0) return out;
  const rows = await sqlQuery<{ feature: string; h0: number; last: number; i: number; n: number }>(
    database,
    `WITH first AS (
       SELECT "feature", min("hour") AS h0 FROM "FeatureHistogram"
       WHERE "modelId" = $1 AND "version" = $2 AND "feature" = ANY($3::text[]) GROUP BY "feature")
     SELECT f."feature", (extract(epoch FROM f.h0) * 1000)::float8 AS h0, (extract(epoch FROM max(h."hour")) * 1000)::float8 AS last,
            u.i::int AS i, sum(u.c)::float8 AS n
     FROM first f
     JOIN "FeatureHistogram" h ON h."modelId" = $1 AND h."version" = $2 AND h."feature" = f."feature"
       AND h."hour" >= f.h0 AND h."hour" < f.h0 + interval '${BASELINE_DAYS} days'
     CROSS JOIN LATERAL unnest(h."counts") WITH ORDINALITY AS u(c, i)
     GROUP BY f."feature", f.h0, u.i`,
    [ctx.model.id, stable, usable.map((s) => s.name)],
  );
  for (const spec of usable) {
    const mine = rows.filter((r) => r.feature === spec.name);
    const first = mine[0];
    if (!first) {
      out.set(spec.name, none(`the manifest has no baseline counts and ${stable} has not reported ${spec.name} yet`));
      continue;
    }
    const counts = new Array<number>(slotCount(spec)).fill(0);
    let last = first.last;
    for (const r of mine) {
      if (r.i - 1 < counts.length) counts[r.i - 1] = r.n;
      last = Math.max(last, r.last);
    }
    out.set(spec.name, { info: trafficInfo(stable, first.h0, last, now), counts });
  }
  return out;
}

/** The score baseline: the stable version's first week of scores, all tenants. */
export async function scoreBaseline(database: Database, ctx: DriftContext, now: number): Promise<Baseline> {
  const stable = ctx.stableVersion;
  if (!stable) return none("no version is stable yet");
  const rows = await sqlQuery<{ h0: number; last: number; i: number; n: number }>(
    database,
    `WITH first AS (
       SELECT min("bucket") AS h0 FROM "MetricRollup"
       WHERE "modelId" = $1 AND "grain" = 'hour' AND "tenant" = '*' AND "version" = $2 AND "scoreCount" > 0)
     SELECT (extract(epoch FROM f.h0) * 1000)::float8 AS h0, (extract(epoch FROM max(r."bucket")) * 1000)::float8 AS last,
            u.i::int AS i, sum(u.c)::float8 AS n
     FROM first f
     JOIN "MetricRollup" r ON r."modelId" = $1 AND r."grain" = 'hour' AND r."tenant" = '*' AND r."version" = $2
       AND r."bucket" >= f.h0 AND r."bucket" < f.h0 + interval '${BASELINE_DAYS} days'
     CROSS JOIN LATERAL unnest(r."scoreHist") WITH ORDINALITY AS u(c, i)
     GROUP BY f.h0, u.i`,
    [ctx.model.id, stable],
  );
  const first = rows[0];
  if (!first) return none(`${stable} has not reported scores yet`);
  const counts = new Array<number>(SCORE_SLOTS).fill(0);
  let last = first.last;
  for (const r of rows) {
    const slot = scoreSlot(r.i - 1);
    counts[slot] = (counts[slot] as number) + r.n;
    last = Math.max(last, r.last);
  }
  return { info: trafficInfo(stable, first.h0, last, now), counts };
}
