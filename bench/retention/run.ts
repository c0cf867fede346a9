// bench/retention – expiring a day of predictions: the batched DELETE against DETACH + DROP of
// the day's partition, on the same rows.
//
//   npm run bench:retention -- [--rows 2000000] [--lookups 500] [--pg-url postgresql://postgres@127.0.0.1:5432/postgres] [--keep]
//
// 1. Creates a database of its own on the local PostgreSQL and migrates it (Prediction is
//    partitioned by day; the migration makes yesterday … today + 7).
// 2. Fills two past days, A and B, with --rows rows each (generate_series, ingest-like values:
//    random request ids, 50 tenants, a small prediction object), then VACUUM ANALYZE.
// 3. Expires day A the way the job did before partitions, and still does for the window's first
//    day and the default partition: DELETE in batches of 5,000 rows (deleteExpiredPredictions).
// 4. Expires day B the way the job does now: DETACH + DROP of its partition (dropExpiredPartitions).
// 5. For each: wall time, WAL written, and the figure extrapolated to a day of 100 M rows (the
//    DELETE scales with the rows; the DROP changes the catalogue and unlinks the day's files).
// 6. Times lookups by request id (getPrediction) across the partitions, before either goes.
import { parseArgs } from "node:util";
import { DAY_MS, dayStart, dropExpiredPartitions, ensurePredictionPartitions, partitionName } from "../../lib/telemetry/partitions";
import { getPrediction } from "../../lib/telemetry/queries";
import { deleteExpiredPredictions } from "../../lib/telemetry/retention";
import { sqlQuery } from "../../lib/telemetry/sql";
import { createBenchDatabase, DEFAULT_ADMIN_URL, pct } from "../support/database";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "2000000" },
    lookups: { type: "string", default: "500" },
    "pg-url": { type: "string", default: DEFAULT_ADMIN_URL },
    keep: { type: "boolean", default: false },
  },
});
const rows = Number(args.rows);
const lookups = Number(args.lookups);
if (!(rows >= 1000 && rows <= 50_000_000) || !(lookups >= 1)) throw new Error("--rows must be 1,000 … 50,000,000 and --lookups ≥ 1");

const DAY_ROWS = 100_000_000;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const secs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const bench = await createBenchDatabase("rollgate_bench_retention", args["pg-url"]);
const { database } = bench;

async function walBytesDuring(fn: () => Promise<unknown>): Promise<{ ms: number; wal: number }> {
  const [a] = await sqlQuery<{ lsn: string }>(database, "SELECT pg_current_wal_insert_lsn()::text AS lsn");
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const [b] = await sqlQuery<{ n: number }>(database, "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1::pg_lsn)::float8 AS n", [
    a!.lsn,
  ]);
  return { ms, wal: b!.n };
}

try {
  const today = dayStart(Date.now());
  const dayA = today - 40 * DAY_MS;
  const dayB = today - 39 * DAY_MS;
  await ensurePredictionPartitions(database, { fromMs: dayA, toMs: dayB });

  console.log(`bench/retention: ${fmt(rows)} predictions in each of two day partitions (${bench.name}, PostgreSQL on 127.0.0.1)`);
  const fill = performance.now();
  for (const day of [dayA, dayB]) {
    // one day spread evenly; ids as random as a sender's
    await sqlQuery(
      database,
      `INSERT INTO "Prediction" ("requestId", "modelId", "version", "tenant", "ts", "latencyMs", "outcome", "score", "prediction", "route", "receivedAt")
       SELECT md5(random()::text || i::text), 'bench-model', '2026-01-15.1', 'tenant-' || (i % 50),
              $1::timestamp(3) + (i * (86400000.0 / $2)) * interval '1 millisecond',
              20 + random() * 80, CASE WHEN i % 50 = 0 THEN 'error' ELSE 'ok' END, random(),
              jsonb_build_object('label', CASE WHEN i % 7 = 0 THEN 'fraud' ELSE 'legit' END, 'score', 0.5), 'stable',
              $1::timestamp(3) + (i * (86400000.0 / $2)) * interval '1 millisecond'
       FROM generate_series(0, $2::int - 1) AS i`,
      [new Date(day).toISOString(), rows],
    );
  }
  await sqlQuery(database, `VACUUM ANALYZE "Prediction"`);
  const [size] = await sqlQuery<{ bytes: number }>(database, `SELECT (pg_total_relation_size(to_regclass($1)))::float8 AS bytes`, [
    `"${partitionName(dayB)}"`,
  ]);
  console.log(`  fill:             ${secs(performance.now() - fill)} for both days; one day: ${mb(size!.bytes)} with its indexes`);

  // some ids to look up, before day A's rows go
  const sample = await sqlQuery<{ id: string }>(
    database,
    `SELECT "requestId" AS id FROM "${partitionName(dayB)}" TABLESAMPLE SYSTEM (1) LIMIT $1`,
    [lookups],
  );

  const partitions = await sqlQuery<{ n: number }>(
    database,
    `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = to_regclass('"Prediction"')`,
  );
  const timed = async (ids: string[]) => {
    const times: number[] = [];
    for (const id of ids) {
      const t0 = performance.now();
      await getPrediction(database, id);
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b);
  };
  // "bench-model" is no registered model: the lookup's join finds no row, but it still probes each partition's key
  const hits = await timed(sample.map((r) => r.id));
  const misses = await timed(sample.map((_, i) => `missing-${i}`));
  console.log(
    `  lookup by id:     p50 ${pct(hits, 0.5).toFixed(2)} ms · p95 ${pct(hits, 0.95).toFixed(2)} ms for ids in a full day; ` +
      `p50 ${pct(misses, 0.5).toFixed(2)} ms · p95 ${pct(misses, 0.95).toFixed(2)} ms for unknown ids (${partitions[0]!.n} partitions, ${hits.length} lookups each)`,
  );

  const del = await walBytesDuring(() =>
    deleteExpiredPredictions(database, { before: new Date(dayA + DAY_MS), batchSize: 5_000, maxBatches: Math.ceil(rows / 5_000) + 1 }),
  );
  const [left] = await sqlQuery<{ n: number }>(database, `SELECT count(*)::int AS n FROM "${partitionName(dayA)}"`);
  if (left!.n !== 0) throw new Error(`the batched DELETE left ${left!.n} rows`);
  // day A's partition, now empty, goes first, so the next drop times day B's alone
  await dropExpiredPartitions(database, new Date(dayA + DAY_MS));
  let dropped: Awaited<ReturnType<typeof dropExpiredPartitions>> | undefined;
  const drop = await walBytesDuring(async () => (dropped = await dropExpiredPartitions(database, new Date(dayB + DAY_MS))));
  if (dropped?.partitions[0] !== partitionName(dayB)) throw new Error("day B's partition was not dropped");

  const perRowMs = del.ms / rows;
  console.log(
    `  batched DELETE:   ${secs(del.ms)} for ${fmt(rows)} rows (${fmt(rows / (del.ms / 1000))} rows/s), WAL ${mb(del.wal)}` +
      ` → a day of 100 M rows ≈ ${((perRowMs * DAY_ROWS) / 60_000).toFixed(0)} min, WAL ≈ ${(((del.wal / rows) * DAY_ROWS) / 1024 ** 3).toFixed(1)} GB`,
  );
  console.log(
    `  DETACH + DROP:    ${secs(drop.ms)} for the same day (${fmt(dropped.rowsEstimate)} rows by PostgreSQL's estimate), WAL ${(drop.wal / 1024).toFixed(0)} kB` +
      ` → a day of 100 M rows: no row read or written either; only unlinking the larger files takes longer`,
  );
} finally {
  if (args.keep) {
    await bench.database.close();
    console.log(`kept database ${bench.name}`);
  } else await bench.drop();
}
