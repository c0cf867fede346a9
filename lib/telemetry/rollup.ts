/**
 * The in-memory fold of a batch into rollup rows, and the SQL that adds them to the stored
 * rows. Pure apart from the SQL text: unit-tested in rollup.test.ts.
 *
 * A batch becomes
 *   - MetricMinute rows: one per (model, version, tenant, minute), and
 *   - MetricRollup rows: (minute, "*"), (hour, tenant), (hour, "*"), (day, tenant), (day, "*")
 *     per version (see tiers.ts for which query reads which).
 * Every column is a sum, so stored rows grow by plain addition: counts and sums add, the
 * histogram arrays add bucket by bucket (arrays of different lengths: missing entries are 0),
 * and the flags object adds per flag name. Rows are sorted by key so concurrent batches lock
 * the rows they share in the same order (no deadlock between two ingests).
 */
import { EventKeyMap } from "./event-key-map";
import { pgIntArray } from "./sql";
import { bucketIndex, scoreBucketIndex, trimTrailingZeros } from "./histogram";

export const ALL_TENANTS = "*";
export type Grain = "minute" | "hour" | "day";
export const GRAIN_MS: Record<Grain, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** One accepted event, reduced to what the rollups need. */
export type FoldInput = {
  modelId: string;
  version: string;
  tenant: string;
  atMs: number;
  latencyMs: number;
  error: boolean;
  errorClass?: "schema" | "timeout" | "upstream" | "model";
  score?: number;
  cost?: number;
  /** null: no label or no comparable prediction; else whether the prediction matched the label */
  correct: boolean | null;
  tokensIn: number;
  tokensOut: number;
  flags?: readonly string[];
};

export type Sums = {
  count: number;
  errorCount: number;
  errSchema: number;
  errTimeout: number;
  errUpstream: number;
  errModel: number;
  latencySum: number;
  latencyHist: number[];
  scoreCount: number;
  scoreSum: number;
  scoreSumSq: number;
  scoreHist: number[];
  labelCount: number;
  correctCount: number;
  costCount: number;
  costSum: number;
  tokensIn: number;
  tokensOut: number;
  flags: Record<string, number>;
};

export type MinuteRow = Sums & { modelId: string; version: string; tenant: string; minute: string };
export type RollupRow = Sums & { modelId: string; grain: Grain; tenant: string; bucket: string; version: string };
export type FoldResult = { minutes: MinuteRow[]; rollups: RollupRow[] };

export function emptySums(): Sums {
  return {
    count: 0,
    errorCount: 0,
    errSchema: 0,
    errTimeout: 0,
    errUpstream: 0,
    errModel: 0,
    latencySum: 0,
    latencyHist: [],
    scoreCount: 0,
    scoreSum: 0,
    scoreSumSq: 0,
    scoreHist: [],
    labelCount: 0,
    correctCount: 0,
    costCount: 0,
    costSum: 0,
    tokensIn: 0,
    tokensOut: 0,
    flags: {},
  };
}

function bump(arr: number[], i: number, by = 1) {
  while (arr.length <= i) arr.push(0);
  arr[i] = (arr[i] ?? 0) + by;
}

function addEvent(s: Sums, e: FoldInput) {
  s.count++;
  if (e.error) {
    s.errorCount++;
    if (e.errorClass === "schema") s.errSchema++;
    else if (e.errorClass === "timeout") s.errTimeout++;
    else if (e.errorClass === "upstream") s.errUpstream++;
    else if (e.errorClass === "model") s.errModel++;
  }
  s.latencySum += e.latencyMs;
  bump(s.latencyHist, bucketIndex(e.latencyMs));
  if (e.score !== undefined) {
    s.scoreCount++;
    s.scoreSum += e.score;
    s.scoreSumSq += e.score * e.score;
    bump(s.scoreHist, scoreBucketIndex(e.score));
  }
  if (e.correct !== null) {
    s.labelCount++;
    if (e.correct) s.correctCount++;
  }
  if (e.cost !== undefined) {
    s.costCount++;
    s.costSum += e.cost;
  }
  s.tokensIn += e.tokensIn;
  s.tokensOut += e.tokensOut;
  if (e.flags) {
    // one count per flag name per event, even if a client repeats a name
    for (let i = 0; i < e.flags.length; i++) {
      const f = e.flags[i]!;
      if (e.flags.indexOf(f) === i) s.flags[f] = (s.flags[f] ?? 0) + 1;
    }
  }
}

/** Adds `b` into `a`; returns `a`. */
export function addSums<S extends Sums>(a: S, b: Sums): S {
  a.count += b.count;
  a.errorCount += b.errorCount;
  a.errSchema += b.errSchema;
  a.errTimeout += b.errTimeout;
  a.errUpstream += b.errUpstream;
  a.errModel += b.errModel;
  a.latencySum += b.latencySum;
  for (let i = 0; i < b.latencyHist.length; i++) if (b.latencyHist[i]) bump(a.latencyHist, i, b.latencyHist[i]);
  a.scoreCount += b.scoreCount;
  a.scoreSum += b.scoreSum;
  a.scoreSumSq += b.scoreSumSq;
  for (let i = 0; i < b.scoreHist.length; i++) if (b.scoreHist[i]) bump(a.scoreHist, i, b.scoreHist[i]);
  a.labelCount += b.labelCount;
  a.correctCount += b.correctCount;
  a.costCount += b.costCount;
  a.costSum += b.costSum;
  a.tokensIn += b.tokensIn;
  a.tokensOut += b.tokensOut;
  for (const [k, v] of Object.entries(b.flags)) a.flags[k] = (a.flags[k] ?? 0) + v;
  return a;
}

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Folds accepted events into MetricMinute and MetricRollup rows (sorted by key). */
export function foldEvents(events: Iterable<FoldInput>): FoldResult {
  type MinuteAcc = { modelId: string; version: string; tenant: string; minuteMs: number; sums: Sums };
  const minutes: MinuteAcc[] = [];
  const byKey = new EventKeyMap<MinuteAcc>();
  for (const e of events) {
    const minuteMs = floorTo(e.atMs, GRAIN_MS.minute);
    let acc = byKey.get(e.modelId, e.version, e.tenant, minuteMs);
    if (!acc) {
      acc = { modelId: e.modelId, version: e.version, tenant: e.tenant, minuteMs, sums: emptySums() };
      byKey.set(e.modelId, e.version, e.tenant, minuteMs, acc);
      minutes.push(acc);
    }
    addEvent(acc.sums, e);
  }

  // The coarser rows are sums of the minute rows (far fewer than events).
  const rollups = new Map<string, RollupRow>();
  const into = (modelId: string, grain: Grain, tenant: string, bucketMs: number, version: string, sums: Sums) => {
    const key = `${modelId}\u0000${grain}\u0000${tenant}\u0000${bucketMs}\u0000${version}`;
    let row = rollups.get(key);
    if (!row) {
      row = { modelId, grain, tenant, bucket: new Date(bucketMs).toISOString(), version, ...emptySums() };
      rollups.set(key, row);
    }
    addSums(row, sums);
  };
  const minuteRows: MinuteRow[] = [];
  for (const m of minutes) {
    const hourMs = floorTo(m.minuteMs, GRAIN_MS.hour);
    const dayMs = floorTo(m.minuteMs, GRAIN_MS.day);
    into(m.modelId, "minute", ALL_TENANTS, m.minuteMs, m.version, m.sums);
    into(m.modelId, "hour", m.tenant, hourMs, m.version, m.sums);
    into(m.modelId, "hour", ALL_TENANTS, hourMs, m.version, m.sums);
    into(m.modelId, "day", m.tenant, dayMs, m.version, m.sums);
    into(m.modelId, "day", ALL_TENANTS, dayMs, m.version, m.sums);
    minuteRows.push({ modelId: m.modelId, version: m.version, tenant: m.tenant, minute: new Date(m.minuteMs).toISOString(), ...m.sums });
  }
  minuteRows.sort(byMinuteKey);
  const rollupRows = [...rollups.values()].sort(byRollupKey);
  for (const r of [...minuteRows, ...rollupRows]) {
    r.latencyHist = trimTrailingZeros(r.latencyHist);
    r.scoreHist = trimTrailingZeros(r.scoreHist);
  }
  return { minutes: minuteRows, rollups: rollupRows };
}

const byMinuteKey = (a: MinuteRow, b: MinuteRow) =>
  cmp(a.modelId, b.modelId) || cmp(a.version, b.version) || cmp(a.tenant, b.tenant) || cmp(a.minute, b.minute);
const byRollupKey = (a: RollupRow, b: RollupRow) =>
  cmp(a.modelId, b.modelId) || cmp(a.grain, b.grain) || cmp(a.tenant, b.tenant) || cmp(a.bucket, b.bucket) || cmp(a.version, b.version);

/** The sum of several folds (new rows; the inputs are left as they are), sorted by key. */
export function mergeFolds(folds: readonly FoldResult[]): FoldResult {
  const minutes = new Map<string, MinuteRow>();
  const rollups = new Map<string, RollupRow>();
  for (const f of folds) {
    for (const r of f.minutes) {
      const key = `${r.modelId}\u0000${r.version}\u0000${r.tenant}\u0000${r.minute}`;
      const row = minutes.get(key);
      if (row) addSums(row, r);
      else minutes.set(key, addSums({ modelId: r.modelId, version: r.version, tenant: r.tenant, minute: r.minute, ...emptySums() }, r));
    }
    for (const r of f.rollups) {
      const key = `${r.modelId}\u0000${r.grain}\u0000${r.tenant}\u0000${r.bucket}\u0000${r.version}`;
      const row = rollups.get(key);
      if (row) addSums(row, r);
      else
        rollups.set(
          key,
          addSums({ modelId: r.modelId, grain: r.grain, tenant: r.tenant, bucket: r.bucket, version: r.version, ...emptySums() }, r),
        );
    }
  }
  return { minutes: [...minutes.values()].sort(byMinuteKey), rollups: [...rollups.values()].sort(byRollupKey) };
}

// ---------------------------------------------------------------------------------------------
// SQL: one multi-row upsert per table that adds to existing rows (no read-modify-write).

/** The upserts' parameter: the rows as JSON, histograms as array text. */
export function rowsJson(rows: readonly (MinuteRow | RollupRow)[]): string {
  return JSON.stringify(rows.map((r) => ({ ...r, latencyHist: pgIntArray(r.latencyHist), scoreHist: pgIntArray(r.scoreHist) })));
}

const SUM_COLUMNS = [
  ["count", "int"],
  ["errorCount", "int"],
  ["errSchema", "int"],
  ["errTimeout", "int"],
  ["errUpstream", "int"],
  ["errModel", "int"],
  ["latencySum", "float8"],
  ["scoreCount", "int"],
  ["scoreSum", "float8"],
  ["scoreSumSq", "float8"],
  ["labelCount", "int"],
  ["correctCount", "int"],
  ["costCount", "int"],
  ["costSum", "float8"],
  ["tokensIn", "int8"],
  ["tokensOut", "int8"],
] as const;
const ARRAY_COLUMNS = ["latencyHist", "scoreHist"] as const;

const addArrays = (col: string) =>
  `"${col}" = ARRAY(SELECT COALESCE(a, 0) + COALESCE(b, 0) FROM unnest(t."${col}", EXCLUDED."${col}") WITH ORDINALITY AS u(a, b, i) ORDER BY i)`;

const addFlags =
  `"flags" = CASE WHEN EXCLUDED."flags" = '{}'::jsonb THEN t."flags" ELSE (` +
  `SELECT COALESCE(jsonb_object_agg(k, n), '{}'::jsonb) FROM (SELECT k, SUM(v) AS n FROM (` +
  `SELECT key AS k, value::bigint AS v FROM jsonb_each_text(t."flags") UNION ALL ` +
  `SELECT key, value::bigint FROM jsonb_each_text(EXCLUDED."flags")) s GROUP BY k) g) END`;

function upsertSql(table: string, keys: readonly (readonly [string, string])[], param: string): string {
  const columns = [...keys, ...SUM_COLUMNS, ...ARRAY_COLUMNS.map((c) => [c, "int[]"] as const), ["flags", "jsonb"] as const];
  const names = columns.map(([c]) => `"${c}"`).join(", ");
  const defs = columns.map(([c, t]) => `"${c}" ${t}`).join(", ");
  const sets = [...SUM_COLUMNS.map(([c]) => `"${c}" = t."${c}" + EXCLUDED."${c}"`), ...ARRAY_COLUMNS.map(addArrays), addFlags].join(
    ",\n  ",
  );
  return (
    `INSERT INTO "${table}" AS t (${names})\n` +
    `SELECT ${names} FROM json_to_recordset(${param}::json) AS x(${defs})\n` +
    `ON CONFLICT (${keys.map(([c]) => `"${c}"`).join(", ")}) DO UPDATE SET\n  ${sets}`
  );
}

/** The additive upsert of MetricMinute rows given as JSON in `param` (rowsJson). */
export const upsertMinutesSql = (param = "$1") =>
  upsertSql(
    "MetricMinute",
    [
      ["modelId", "text"],
      ["version", "text"],
      ["tenant", "text"],
      ["minute", "timestamp(3)"],
    ],
    param,
  );

/** The additive upsert of MetricRollup rows given as JSON in `param` (rowsJson). */
export const upsertRollupsSql = (param = "$1") =>
  upsertSql(
    "MetricRollup",
    [
      ["modelId", "text"],
      ["grain", "text"],
      ["tenant", "text"],
      ["bucket", "timestamp(3)"],
      ["version", "text"],
    ],
    param,
  );
