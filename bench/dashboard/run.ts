// bench/dashboard – server time of the telemetry reads behind the model page and the metrics API.
//
//   npm run bench:dashboard -- [--days 30] [--versions 20] [--tenants 50] [--runs 20] [--pg-url …] [--keep]
//
// Fills a database of its own with 30 days of rollups for one model: 20 versions released one
// every 1.5 days, each serving for 3 days (so two versions serve at any minute — a stable and a
// candidate — and all 20 appear over the range), 50 tenants of unequal size, every minute.
// MetricMinute gets one row per (minute, live version, tenant); MetricRollup gets the tiers that
// ingest writes (minute "*", hour and day per tenant and "*"). Rows are generated in SQL with
// generate_series from per-(version, tenant) templates whose histograms come from sampled
// latencies and scores, so the arrays have realistic lengths and spread.
// Then times, over `runs` runs each (after one warm-up): metricsSeries and tenantTable for
// 24 h and 30 d, per-tenant series, the metrics API body (series + JSON), and the model page's
// reads together (series + tenant table in parallel). Prints p50 / p95 / max in ms.
import { parseArgs } from "node:util";
import { systemActor } from "../../lib/auth/actor";
import { fraudScoringManifest } from "../../lib/registry/fixtures";
import { registerVersion } from "../../lib/registry/service";
import { metricsApiBody } from "../../lib/telemetry/api";
import { latencyHistogramOf, merge, SCORE_BUCKETS, scoreBucketIndex, trimTrailingZeros } from "../../lib/telemetry/histogram";
import { metricsSeries } from "../../lib/telemetry/queries";
import { tenantTable } from "../../lib/telemetry/tenant-table";
import { createBenchDatabase, DEFAULT_ADMIN_URL, pct } from "../support/database";

const { values: args } = parseArgs({
  options: {
    days: { type: "string", default: "30" },
    versions: { type: "string", default: "20" },
    tenants: { type: "string", default: "50" },
    runs: { type: "string", default: "20" },
    "pg-url": { type: "string", default: DEFAULT_ADMIN_URL },
    keep: { type: "boolean", default: false },
  },
});
const DAYS = Number(args.days);
const VERSIONS = Number(args.versions);
const TENANTS = Number(args.tenants);
const RUNS = Number(args.runs);
const MODEL = "bench-dashboard";
const DAY = 86_400_000;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

let seed = 42;
const rand = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return (seed + 0.5) / 4294967296;
};
const gauss = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());

const bench = await createBenchDatabase("rollgate_bench_dashboard", args["pg-url"]);
const { database } = bench;
const pool = database.driver.kind === "pg" ? database.driver.pool : null;
if (!pool) throw new Error("bench/dashboard needs PostgreSQL");

try {
  const versionIds = Array.from({ length: VERSIONS }, (_, k) => `2026-01-${String(1 + Math.floor(k / 2)).padStart(2, "0")}.${(k % 2) + 1}`);
  for (const version of versionIds) {
    const m = fraudScoringManifest();
    m.model_id = MODEL;
    m.model_version = version;
    delete m.parent_version;
    await registerVersion(database.prisma, systemActor("bench"), {
      modelKey: MODEL,
      text: JSON.stringify(m),
      contentType: "application/json",
    });
  }
  const model = await database.prisma.model.findUniqueOrThrow({ where: { key: MODEL } });
  for (let t = 0; t < 5; t++) {
    await database.prisma.tenantPin.create({
      data: { modelId: model.id, tenant: `tenant-${String(t * 7).padStart(2, "0")}`, version: versionIds[0]!, createdBy: "bench" },
    });
  }

  // --- templates: one minute of one tenant on one version
  const endMs = Math.floor(Date.now() / 60_000) * 60_000;
  const startMs = endMs - DAYS * DAY;
  const spacing = (DAYS * DAY) / VERSIONS; // 1.5 days for 30 / 20
  type Tpl = {
    version: string;
    tenant: string;
    from: number;
    to: number;
    count: number;
    errors: number;
    latSum: number;
    lat: number[];
    scoreSum: number;
    scoreSumSq: number;
    score: number[];
  };
  const tpls: Tpl[] = [];
  for (let k = 0; k < VERSIONS; k++) {
    const from = Math.round(startMs + (k - 1) * spacing);
    const to = k === VERSIONS - 1 ? endMs : Math.round(from + 2 * spacing);
    const slow = 1 + 0.05 * (k % 3);
    for (let t = 0; t < TENANTS; t++) {
      const count = Math.max(1, Math.round(60 * Math.pow(0.92, t))); // tenant-00 ≈ 60 requests/min … tenant-49 ≈ 1
      const lats = Array.from({ length: count }, () => Math.max(1, 45 * slow * Math.exp(0.5 * gauss())));
      const scores = Array.from({ length: count }, () => Math.min(1, Math.max(0, 0.7 + 0.15 * gauss())));
      const score = new Array(SCORE_BUCKETS).fill(0);
      for (const s of scores) score[scoreBucketIndex(s)]++;
      tpls.push({
        version: versionIds[k]!,
        tenant: `tenant-${String(t).padStart(2, "0")}`,
        from: Math.max(startMs, from),
        to: Math.min(endMs, to),
        count,
        errors: rand() < 0.3 ? 1 : 0,
        latSum: lats.reduce((a, b) => a + b, 0),
        lat: trimTrailingZeros(latencyHistogramOf(lats)),
        scoreSum: scores.reduce((a, b) => a + b, 0),
        scoreSumSq: scores.reduce((a, b) => a + b * b, 0),
        score: trimTrailingZeros(score),
      });
    }
  }
  // the all-tenants minute of each version is the sum of its tenants' minutes
  for (let k = 0; k < VERSIONS; k++) {
    const mine = tpls.filter((t) => t.version === versionIds[k] && t.tenant !== "*");
    tpls.push({
      version: versionIds[k]!,
      tenant: "*",
      from: mine[0]!.from,
      to: mine[0]!.to,
      count: mine.reduce((a, t) => a + t.count, 0),
      errors: mine.reduce((a, t) => a + t.errors, 0),
      latSum: mine.reduce((a, t) => a + t.latSum, 0),
      lat: merge(...mine.map((t) => t.lat)),
      scoreSum: mine.reduce((a, t) => a + t.scoreSum, 0),
      scoreSumSq: mine.reduce((a, t) => a + t.scoreSumSq, 0),
      score: merge(...mine.map((t) => t.score)),
    });
  }
  await pool.query(
    `CREATE TEMP TABLE tpl AS SELECT * FROM json_to_recordset($1::json) AS x(
      version text, tenant text, "from" float8, "to" float8, count int, errors int, "latSum" float8, lat int[], "scoreSum" float8, "scoreSumSq" float8, score int[])`,
    [JSON.stringify(tpls)],
  );
  await pool.query(`ALTER TABLE tpl ADD COLUMN f timestamp(3), ADD COLUMN t timestamp(3)`);
  await pool.query(`UPDATE tpl SET f = to_timestamp("from" / 1000) AT TIME ZONE 'UTC', t = to_timestamp("to" / 1000) AT TIME ZONE 'UTC'`);

  // n minutes of a template: every column times n (the arrays bucket by bucket)
  const scaled = (n: string) => `${n} * count, ${n} * errors, ${n} * errors, 0, 0, 0, ${n} * "latSum",
      ARRAY(SELECT x * ${n} FROM unnest(lat) x), ${n} * count, ${n} * "scoreSum", ${n} * "scoreSumSq", ARRAY(SELECT x * ${n} FROM unnest(score) x),
      0, 0, ${n} * count, ${n} * count * 0.0004, ${n} * count * 150, ${n} * count * 35, '{}'::jsonb`;
  const SUM_COLS = `"count", "errorCount", "errTimeout", "errSchema", "errUpstream", "errModel", "latencySum", "latencyHist", "scoreCount", "scoreSum", "scoreSumSq", "scoreHist", "labelCount", "correctCount", "costCount", "costSum", "tokensIn", "tokensOut", "flags"`;

  const t0 = performance.now();
  let minuteRows = 0;
  for (let d = 0; d < DAYS; d++) {
    const a = new Date(startMs + d * DAY).toISOString();
    const b = new Date(startMs + (d + 1) * DAY).toISOString();
    const r = await pool.query(
      `INSERT INTO "MetricMinute" ("modelId", "version", "tenant", "minute", ${SUM_COLS})
       SELECT $1, tpl.version, tpl.tenant, m, ${scaled("1")}
       FROM generate_series($2::timestamp(3), $3::timestamp(3) - interval '1 minute', interval '1 minute') m
       JOIN tpl ON tpl.tenant <> '*' AND m >= tpl.f AND m < tpl.t`,
      [model.id, a, b],
    );
    minuteRows += r.rowCount ?? 0;
    process.stdout.write(`\r  filling MetricMinute: day ${d + 1}/${DAYS}, ${fmt(minuteRows)} rows`);
  }
  const rollupSql = (grain: string, unit: string, tenantFilter: string) =>
    `INSERT INTO "MetricRollup" ("modelId", "grain", "tenant", "bucket", "version", ${SUM_COLS})
     SELECT $1, '${grain}', tpl.tenant, g, tpl.version, ${scaled("n")}
     FROM generate_series($2::timestamp(3), $3::timestamp(3) - interval '1 ${unit}', interval '1 ${unit}') g
     JOIN tpl ON ${tenantFilter} AND tpl.f < g + interval '1 ${unit}' AND tpl.t > g
     CROSS JOIN LATERAL (SELECT (extract(epoch FROM LEAST(tpl.t, g + interval '1 ${unit}') - GREATEST(tpl.f, g)) / 60)::int AS n) k`;
  const range = [model.id, new Date(startMs).toISOString(), new Date(endMs).toISOString()];
  const dayRange = [
    model.id,
    new Date(Math.floor(startMs / DAY) * DAY).toISOString(),
    new Date(Math.ceil(endMs / DAY) * DAY).toISOString(),
  ];
  const r1 = await pool.query(rollupSql("minute", "minute", `tpl.tenant = '*'`), range);
  const r2 = await pool.query(rollupSql("hour", "hour", "true"), range);
  const r3 = await pool.query(rollupSql("day", "day", "true"), dayRange);
  await pool.query(`ANALYZE "MetricMinute"; ANALYZE "MetricRollup"`);
  const size = (
    await pool.query(
      `SELECT pg_size_pretty(pg_total_relation_size('"MetricMinute"')) AS mm, pg_size_pretty(pg_total_relation_size('"MetricRollup"')) AS mr`,
    )
  ).rows[0] as { mm: string; mr: string };
  console.log(
    `\nbench/dashboard: ${DAYS} d × ${VERSIONS} versions × ${TENANTS} tenants — MetricMinute ${fmt(minuteRows)} rows (${size.mm}), MetricRollup ${fmt(
      (r1.rowCount ?? 0) + (r2.rowCount ?? 0) + (r3.rowCount ?? 0),
    )} rows (${size.mr}); filled in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );

  // --- timings
  const now = endMs;
  const H24 = { from: now - DAY, to: now };
  const D30 = { from: now - 30 * DAY, to: now };
  const busiest = "tenant-00";
  const cases: [string, () => Promise<unknown>][] = [
    ["metricsSeries 24 h, all tenants (15 min step)", () => metricsSeries(database, { model: MODEL, ...H24 })],
    ["metricsSeries 30 d, all tenants (6 h step)", () => metricsSeries(database, { model: MODEL, ...D30 })],
    ["metricsSeries 24 h, one tenant", () => metricsSeries(database, { model: MODEL, tenant: busiest, ...H24 })],
    ["metricsSeries 30 d, one tenant", () => metricsSeries(database, { model: MODEL, tenant: busiest, ...D30 })],
    ["tenantTable 24 h", () => tenantTable(database, { model: MODEL, ...H24 })],
    ["tenantTable 30 d", () => tenantTable(database, { model: MODEL, ...D30 })],
    [
      "metrics API body 24 h (series + JSON)",
      async () => JSON.stringify(metricsApiBody(await metricsSeries(database, { model: MODEL, ...H24 }))),
    ],
    [
      "metrics API body 30 d (series + JSON)",
      async () => JSON.stringify(metricsApiBody(await metricsSeries(database, { model: MODEL, ...D30 }))),
    ],
    [
      "model page reads 24 h (series ∥ tenant table)",
      () => Promise.all([metricsSeries(database, { model: MODEL, ...H24 }), tenantTable(database, { model: MODEL, ...H24 })]),
    ],
    [
      "model page reads 30 d (series ∥ tenant table)",
      () => Promise.all([metricsSeries(database, { model: MODEL, ...D30 }), tenantTable(database, { model: MODEL, ...D30 })]),
    ],
  ];
  const sample = await metricsSeries(database, { model: MODEL, ...D30 });
  const table = await tenantTable(database, { model: MODEL, ...D30 });
  console.log(
    `  30 d series: ${sample.versions.length} versions × ${sample.versions[0]?.points.length} points, sample ${fmt(sample.sample)} requests; 30 d tenant table: ${table.rows.length} rows (${table.grain} rows)`,
  );
  console.log(
    `  ${"query".padEnd(48)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"max".padStart(8)}   (ms, ${RUNS} runs after a warm-up)`,
  );
  let worstP95 = 0;
  for (const [name, fn] of cases) {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const a = performance.now();
      await fn();
      times.push(performance.now() - a);
    }
    times.sort((x, y) => x - y);
    worstP95 = Math.max(worstP95, pct(times, 0.95));
    console.log(
      `  ${name.padEnd(48)} ${pct(times, 0.5).toFixed(1).padStart(8)} ${pct(times, 0.95).toFixed(1).padStart(8)} ${times[times.length - 1]!.toFixed(1).padStart(8)}`,
    );
  }
  console.log(`  worst p95: ${worstP95.toFixed(1)} ms (goal < 300 ms)`);
} finally {
  if (args.keep) {
    console.log(`kept database ${bench.name}`);
    await database.close();
  } else {
    await bench.drop();
  }
}
