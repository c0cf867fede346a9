// Prediction's day partitions: made ahead, a safety net for any day, dropped whole by retention.
// The days these tests use are far from today and random per run, so they cannot meet another
// file's rows (the retention test here drops only partitions older than its own day).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../lib/database/migrations";
import { openDatabase, type Database } from "../../lib/database/open";
import { DAY_MS, DEFAULT_PARTITION, ensurePredictionPartitions, listDayPartitions, partitionName } from "../../lib/telemetry/partitions";
import { AHEAD_DAYS, expirePredictions, retentionJob } from "../../lib/telemetry/retention";
import { sqlQuery } from "../../lib/telemetry/sql";
import { configureTelemetry } from "../../lib/telemetry/config";
import { testDatabase, testDb } from "./support/db";
import { uniqueId } from "./support/factories";

let embedded: Database;
beforeAll(async () => {
  embedded = await openDatabase({ kind: "pglite-memory" }, { purpose: "prediction partitions test" });
  await applyMigrations(embedded.adapterFactory);
}, 120_000);
afterAll(async () => {
  await embedded?.close();
});

/** A random UTC day between `fromYear` and 20 years later. */
const randomDay = (fromYear: number) => Date.UTC(fromYear, 0, 1) + Math.floor(Math.random() * 20 * 365) * DAY_MS;

async function insertRows(database: Database, rows: { requestId: string; ts: number }[]) {
  await sqlQuery(
    database,
    `INSERT INTO "Prediction" ("requestId", "modelId", "version", "tenant", "ts", "latencyMs", "outcome")
     SELECT r, 'no-model', '2026-01-15.1', 'acme', t::timestamp(3), 1, 'ok' FROM unnest($1::text[], $2::text[]) AS x(r, t)`,
    [rows.map((r) => r.requestId), rows.map((r) => new Date(r.ts).toISOString())],
  );
}

async function partitionOf(database: Database, requestId: string): Promise<string[]> {
  const rows = await sqlQuery<{ p: string }>(database, `SELECT tableoid::regclass::text AS "p" FROM "Prediction" WHERE "requestId" = $1`, [
    requestId,
  ]);
  return rows.map((r) => r.p.replace(/"/g, ""));
}

const engines = [
  ["PostgreSQL", () => testDatabase()],
  ["PGlite", () => embedded],
] as const;

describe.each(engines)("day partitions on %s", (_engine, db) => {
  it("takes a row for a day without a partition in the default one, then moves it when the day is made", async () => {
    const day = randomDay(2090);
    const requestId = uniqueId("far-future");
    await insertRows(db(), [{ requestId, ts: day + 3_600_000 }]);
    expect(await partitionOf(db(), requestId)).toEqual([DEFAULT_PARTITION]);

    expect(await ensurePredictionPartitions(db(), { fromMs: day, toMs: day })).toEqual([partitionName(day)]);
    expect(await partitionOf(db(), requestId)).toEqual([partitionName(day)]);
    // made already: nothing to do
    expect(await ensurePredictionPartitions(db(), { fromMs: day, toMs: day })).toEqual([]);
  });

  it("keeps a retried event once: same request id and ts is refused by the key in its day partition", async () => {
    const day = randomDay(2120);
    await ensurePredictionPartitions(db(), { fromMs: day, toMs: day });
    const requestId = uniqueId("retried");
    await insertRows(db(), [{ requestId, ts: day + 60_000 }]);
    await expect(insertRows(db(), [{ requestId, ts: day + 60_000 }])).rejects.toMatchObject({ code: "23505" });
    expect(await partitionOf(db(), requestId)).toEqual([partitionName(day)]);
  });

  it("drops whole expired days, deletes the expired rows of the window's first day and of the default partition, keeps the rest", async () => {
    const day = randomDay(1960);
    const next = day + DAY_MS;
    await ensurePredictionPartitions(db(), { fromMs: day, toMs: next });
    const oldDay = Array.from({ length: 5 }, (_, i) => ({ requestId: uniqueId(`day-${i}`), ts: day + i * 3_600_000 }));
    const nextMorning = Array.from({ length: 3 }, (_, i) => ({ requestId: uniqueId(`morning-${i}`), ts: next + (6 + i) * 3_600_000 }));
    const nextEvening = Array.from({ length: 2 }, (_, i) => ({ requestId: uniqueId(`evening-${i}`), ts: next + (18 + i) * 3_600_000 }));
    // older than any partition of this test: the default partition holds it
    const stray = { requestId: uniqueId("stray"), ts: day - 3 * DAY_MS };
    await insertRows(db(), [...oldDay, ...nextMorning, ...nextEvening, stray]);
    expect(await partitionOf(db(), stray.requestId)).toEqual([DEFAULT_PARTITION]);

    // the window starts at noon of the next day
    const pass = await expirePredictions(db(), { now: next + 12 * 3_600_000 + 30 * DAY_MS, retentionDays: 30 });
    expect(pass.dropped).toContain(partitionName(day));
    expect(pass.dropped).not.toContain(partitionName(next));
    expect(pass.droppedRows).toBeGreaterThanOrEqual(5);
    expect(pass.deleted).toBeGreaterThanOrEqual(4);
    expect(pass.partitionsUnmanaged).toBeNull();

    const days = await listDayPartitions(db());
    expect(days).not.toContain(day);
    expect(days).toContain(next);
    for (const r of [...oldDay, ...nextMorning, stray]) expect(await partitionOf(db(), r.requestId)).toEqual([]);
    for (const r of nextEvening) expect(await partitionOf(db(), r.requestId)).toEqual([partitionName(next)]);
  });
});

describe("the retention job", () => {
  it("makes today's partition and the next days' before rows arrive, and logs what it did", async () => {
    const logs: string[] = [];
    const job = retentionJob(testDatabase(), { retentionDays: 30, firstRunDelayMs: 60_000, intervalMs: 60_000, log: (m) => logs.push(m) });
    const now = Date.now();
    try {
      await job.runOnce();
    } finally {
      await job.stop();
      configureTelemetry({ retentionDays: 30 });
    }
    const days = new Set(await listDayPartitions(testDatabase()));
    for (let i = 0; i <= AHEAD_DAYS; i++) {
      expect(days.has(Math.floor(now / DAY_MS) * DAY_MS + i * DAY_MS), `day +${i}`).toBe(true);
    }
    expect(logs.filter((m) => m.includes("cannot"))).toEqual([]);
  });

  it("stores a row sent for today in today's partition, not the default one", async () => {
    const requestId = uniqueId("today");
    await testDb().prediction.create({
      data: { requestId, modelId: "no-model", version: "2026-01-15.1", tenant: "acme", ts: new Date(), latencyMs: 1, outcome: "ok" },
    });
    expect(await partitionOf(testDatabase(), requestId)).toEqual([partitionName(Math.floor(Date.now() / DAY_MS) * DAY_MS)]);
  });
});
